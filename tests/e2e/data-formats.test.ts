import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { ParquetStreamWriter, parseNumber, readTableFile } from '@tabula/tabular';
import { ByteWriter, ParquetWriter, schemaFromColumnData } from 'hyparquet-writer';
import { dropColumns, readCsv, toCsv, type Table } from '../support/csv.js';
import { errorText, expectError, expectStatus } from '../support/expectations.js';
import { getJson, postForm, type FilePart } from '../support/http.js';
import { usePlatform } from '../support/use-platform.js';
import { IRIS, IRIS_PREDICT, csvBytes, predict, predictOk, train, trainOk } from '../support/tabula.js';

// Every upload path reads every format, through the gateway: the same iris data as CSV, gzipped CSV,
// a JSON array, NDJSON and Parquet trains the same model, is scored to the same predictions (answered
// as JSON, CSV, NDJSON or Parquet) and is monitored; each broken file gets its 4xx JSON error.
const SEEDED = { model_params: '{"n_estimators": 25, "random_state": 7}', random_state: '7' };
const iris = readCsv(IRIS);
const irisPredict = dropColumns(readCsv(IRIS_PREDICT), ['variety']);

const recordsOf = (table: Table) =>
  table.rows.map((row) => Object.fromEntries(table.header.map((name, idx) => [name, parseNumber(row[idx]) ?? row[idx]])));

/** The table as a Parquet file (hyparquet-writer, through tabular's streaming writer): numbers as DOUBLE, texts as STRING. */
function parquetOf(table: Table, rowGroupRows = 64): Buffer {
  const isNumeric = table.header.map((_, idx) => table.rows.every((row) => parseNumber(row[idx]) !== null));
  const writer = new ParquetStreamWriter(table.header.map((name, idx) => ({ name, type: isNumeric[idx] ? 'DOUBLE' : 'STRING' })));
  const pieces: Uint8Array[] = [];
  for (let start = 0; start < table.rows.length; start += rowGroupRows) {
    const rows = table.rows.slice(start, start + rowGroupRows);
    pieces.push(writer.writeRowGroup(table.header.map((_, idx) => rows.map((row) => (isNumeric[idx] ? Number(row[idx]) : row[idx])))));
  }
  pieces.push(writer.finish());
  return Buffer.concat(pieces);
}

/** The same table in each format, under a name that says nothing of it (detection reads content only). */
function filesOf(table: Table): Record<string, FilePart> {
  const csv = toCsv(table);
  const records = recordsOf(table);
  const part = (content: Uint8Array | string): FilePart => ({ content, filename: 'upload.bin', type: 'application/octet-stream' });
  return {
    'csv.gz': part(gzipSync(csv)),
    json: part(JSON.stringify(records)),
    ndjson: part(records.map((record) => JSON.stringify(record)).join('\n') + '\n'),
    parquet: part(parquetOf(table)),
  };
}

describe('Data formats through the gateway', () => {
  // A small unpacking cap, so that a zip bomb of a few KB reaches it at once.
  const platform = usePlatform({ env: { MAX_DECOMPRESSED_MB: '8' } });
  let dir: string;
  let csvTrained: { metrics: Record<string, number>; features: string[] };
  let baseline: string[];

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'tabula-formats-e2e-'));
    csvTrained = (await trainOk(platform, { model_name: 'iris-csv', ...SEEDED })).body;
    baseline = (await predictOk(platform, { model_name: 'iris-csv', columns_to_drop: '' }, csvBytes(toCsv(irisPredict)))).body.predictions;
  }, 120_000);

  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it.each(Object.keys(filesOf(iris)))('should train from %s to the model the CSV trains, and record the format', async (format) => {
    const name = `iris-${format.replace('.', '-')}`;
    const res = await trainOk(platform, { model_name: name, ...SEEDED }, filesOf(iris)[format]);
    expect(res.body.metrics).toEqual(csvTrained.metrics);
    expect(res.body.features).toEqual(csvTrained.features);
    const scored = await predictOk(platform, { model_name: name, columns_to_drop: '' }, csvBytes(toCsv(irisPredict)));
    expect(scored.body.predictions).toEqual(baseline);
    const version = await getJson(`${platform.gatewayUrl}/models/${name}/versions/1`);
    expectStatus(version, 200);
    const [type, compression] = format === 'csv.gz' ? ['csv', 'gzip'] : [format, 'none'];
    expect(JSON.stringify(version.body)).toContain(JSON.stringify({ type, compression }).slice(0, -1));
  });

  it.each(Object.keys(filesOf(irisPredict)))('should score %s to the CSV predictions, as JSON, CSV and NDJSON answers', async (format) => {
    const file = filesOf(irisPredict)[format];
    const json = await predictOk(platform, { model_name: 'iris-csv', columns_to_drop: '' }, file);
    expect(json.body.predictions).toEqual(baseline);
    const csv = (await answerOf('/predict?format=csv&model_name=iris-csv', file)).toString('utf8');
    expect(csv.trimEnd().split('\n')).toEqual(['row,prediction', ...baseline.map((label, idx) => `${idx + 1},${label}`)]);
    const ndjson = await answerOf(`/predict?format=ndjson&model_name=iris-csv`, file);
    const lines = ndjson.toString('utf8').trimEnd().split('\n').map((line) => JSON.parse(line));
    expect(lines.map((line) => line.prediction)).toEqual(baseline);
  });

  it('should answer format=parquet (and Accept: application/vnd.apache.parquet) with a Parquet file of the predictions', async () => {
    for (const [query, accept] of [['?format=parquet&return_proba=true', '*/*'], ['?return_proba=true', 'application/vnd.apache.parquet']]) {
      const bytes = await answerOf(`/predict${query}&model_name=iris-csv`, filesOf(irisPredict).parquet, accept);
      await writeFile(join(dir, 'answer.parquet'), bytes);
      const { frame, format } = await readTableFile(join(dir, 'answer.parquet'), { formatLimits: { maxDecompressedBytes: 1e8, maxJsonArrayBytes: 1e8 } });
      expect(format.type).toBe('parquet');
      expect(frame.columns).toEqual(['row', 'prediction', 'proba_Setosa', 'proba_Versicolor', 'proba_Virginica']);
      expect(frame.values[0]).toEqual(baseline.map((_, idx) => idx + 1));
      expect(frame.values[1]).toEqual(baseline);
    }
  });

  it('should check performance on labelled NDJSON and drift on Parquet', async () => {
    const labelled = filesOf(readCsv(IRIS_PREDICT));
    const performance = await postForm(`${platform.gatewayUrl}/monitoring/performance`, { model_name: 'iris-csv', target_column: 'variety' }, { input_file: labelled.ndjson });
    expectStatus(performance, 200);
    expect(performance.body).toMatchObject({ model_name: 'iris-csv', n_rows: 30, target_column: 'variety' });
    const drift = await postForm(`${platform.gatewayUrl}/monitoring/drift`, { model_name: 'iris-csv' }, { input_file: labelled.parquet });
    expectStatus(drift, 200);
    expect(drift.body).toMatchObject({ kind: 'drift', n_rows: 30 });
  });

  it('should read a Parquet upload spooled to disk (past the 8 MB kept in memory) by ranges', async () => {
    // The sample's rows first, then rows with noise in their low digits, which no Parquet encoding shrinks much.
    const rows = 300_000;
    const noisy = (value: string, idx: number, col: number) => String(Number(value) + (((idx * 7919 + col * 104_729) % 1_000_003) / 1_000_003) * 1e-3);
    const table: Table = {
      header: irisPredict.header,
      rows: Array.from({ length: rows }, (_, idx) => {
        const row = irisPredict.rows[idx % irisPredict.rows.length];
        return idx < irisPredict.rows.length ? row : row.map((value, col) => noisy(value, idx, col));
      }),
    };
    const file: FilePart = { content: parquetOf(table, 50_000), filename: 'big.parquet' };
    expect((file.content as Buffer).length).toBeGreaterThan(8 * 1024 * 1024);
    const res = await predictOk(platform, { model_name: 'iris-csv', columns_to_drop: '' }, file);
    expect(res.body.predictions).toHaveLength(rows);
    expect(res.body.predictions.slice(0, baseline.length)).toEqual(baseline);
  });

  it('should read a file as input_format says, over what its content looks like', async () => {
    const res = await predict(platform, { model_name: 'iris-csv', columns_to_drop: '', input_format: 'ndjson' }, csvBytes(toCsv(irisPredict)));
    expectError(res, ['INVALID_INPUT'], platform);
    expect(errorText(res)).toContain('NDJSON line 1 is not valid JSON');
  });

  describe('refusals', () => {
    const gz = gzipSync(toCsv(irisPredict));
    const parquet = parquetOf(irisPredict, 10);
    const corrupt = Buffer.from(parquet);
    // Bytes inside the first row group's first page (past its header), well before the footer.
    for (let idx = 40; idx < 80; idx++) corrupt[idx] ^= 0x5a;
    const cases: Array<[string, Uint8Array | string, number, string]> = [
      ['a gzip stream cut short', gz.subarray(0, gz.length - 20), 400, 'The gzip stream ends early'],
      ['a Parquet file with a corrupt page', corrupt, 400, 'row group 1'],
      ['an NDJSON line that is not an object', '{"sepal.length": 5}\n[1, 2]\n', 400, 'NDJSON line 2 is an array, not an object'],
      ['a zip archive (an xlsx)', Buffer.concat([Buffer.from('PK\x03\x04\x14\x00\x06\x00'), Buffer.alloc(200, 7)]), 415, 'Export the sheet as CSV'],
      ['an unknown binary', Buffer.from([0x7f, 0x45, 0x4c, 0x46, 2, 1, 1, 0, 0, 0, 0, 0]), 415, 'binary file of an unknown kind'],
      ['a bzip2 file', Buffer.from('BZh91AY&SY\x00\x01\x02'), 415, 'bunzip2'],
      ['a zip bomb (16 MB of one repeated row, gzipped)', gzipSync(toCsv({ header: irisPredict.header, rows: [] }) + `${irisPredict.rows[0].join(',')}\n`.repeat(1_000_000)), 413, 'MAX_DECOMPRESSED_MB'],
    ];
    it.each(cases)('should answer %s with its 4xx, on /predict and /train', async (_, content, status, says) => {
      const file: FilePart = { content, filename: 'data.csv', type: 'text/csv' };
      for (const res of [await predict(platform, { model_name: 'iris-csv', columns_to_drop: '' }, file), await train(platform, { model_name: 'refused' }, file)]) {
        expectError(res, status === 415 ? ['UNSUPPORTED_MEDIA_TYPE'] : status === 413 ? ['PAYLOAD_TOO_LARGE'] : ['INVALID_INPUT'], platform);
        expect(res.status).toBe(status);
        expect(errorText(res)).toContain(says);
      }
    });

    it('should name the column whose type differs between row groups', async () => {
      const file: FilePart = { content: mixedTypeParquet(), filename: 'data.parquet' };
      const res = await predict(platform, { model_name: 'iris-csv', columns_to_drop: '' }, file);
      expectError(res, ['INVALID_INPUT'], platform);
      expect(errorText(res)).toContain('Column "sepal.length" is BYTE_ARRAY in the file\'s schema but DOUBLE in row group 1');
    });
  });

  /** POSTs the file for a streamed answer and returns its bytes. */
  async function answerOf(path: string, file: FilePart, accept = '*/*'): Promise<Buffer> {
    const form = new FormData();
    form.append('columns_to_drop', '');
    form.append('input_file', new Blob([file.content ?? '']), 'upload.bin');
    const res = await fetch(`${platform.gatewayUrl}${path}`, { method: 'POST', headers: { accept }, body: form });
    expect(res.status).toBe(200);
    return Buffer.from(await res.arrayBuffer());
  }
});

/** A Parquet file whose first row group stores sepal.length as DOUBLE while the footer's schema says text, as a tool stitching files might write it. */
function mixedTypeParquet(): Uint8Array {
  const out = new ByteWriter();
  const schemaOf = (type: 'DOUBLE' | 'STRING') => schemaFromColumnData({ columnData: [{ name: 'sepal.length', data: [], type, nullable: true }] });
  const writer = new ParquetWriter({ writer: out, schema: schemaOf('DOUBLE') });
  void writer.write({ columnData: [{ name: 'sepal.length', data: [5.1, 4.9], type: 'DOUBLE' }] });
  writer.schema = schemaOf('STRING');
  void writer.write({ columnData: [{ name: 'sepal.length', data: ['5.0', '4.7'], type: 'STRING' }] });
  void writer.finish();
  return out.getBytes();
}
