import { beforeAll, describe, expect, it } from '@jest/globals';
import { dropColumns, mapColumn, readCsv, toCsv, type Table } from '../support/csv.js';
import { expectError, expectStatus } from '../support/expectations.js';
import { postParts, type FormPart } from '../support/http.js';
import { postStreamed, repeatRows, type StreamAnswer } from '../support/stream-answer.js';
import { usePlatform } from '../support/use-platform.js';
import { IRIS_PREDICT, csvBytes, predictOk, trainOk } from '../support/tabula.js';

// Streamed CSV scoring through the gateway: format=csv|ndjson (or the Accept header) answers the
// rows as they are scored, in input order, numbered as in the file.
const LABELS = ['Setosa', 'Versicolor', 'Virginica'];
const features = dropColumns(readCsv(IRIS_PREDICT), ['variety']);

/** The iris sample repeated until it has at least `rows` data rows (crosses many blocks). */
const repeated = (rows: number): Table => repeatRows(features, rows);

describe('Streamed CSV predictions, through the gateway', () => {
  const platform = usePlatform();
  let baseline: string[];

  beforeAll(async () => {
    await trainOk(platform, { model_name: 'iris' });
    baseline = (await predictOk(platform, { model_name: 'iris', columns_to_drop: '[]' }, csvBytes(toCsv(features)))).body.predictions;
  }, 120_000);

  const stream = (query: string, parts: FormPart[], accept?: string): Promise<StreamAnswer> =>
    postStreamed(`${platform.gatewayUrl}/predict${query}`, parts, accept);

  const file = (table: Table | string): FormPart => ({ name: 'input_file', file: csvBytes(typeof table === 'string' ? table : toCsv(table)) });
  const csvLines = (text: string) => text.trimEnd().split('\n');

  it('should answer format=csv with a row number and a prediction per input row, in order', async () => {
    const res = await stream('?format=csv&model_name=iris', [file(features)]);

    expect(res.status).toBe(200);
    expect(res.contentType).toContain('text/csv');
    expect(res.headers.get('x-model-name')).toBe('iris');
    expect(res.headers.get('x-model-version')).toBe('1');
    const [header, ...rows] = csvLines(res.text);
    expect(header).toBe('row,prediction');
    expect(rows).toEqual(baseline.map((label, i) => `${i + 1},${label}`));
  });

  it('should stream CSV for Accept: text/csv without a format parameter', async () => {
    const res = await stream('?model_name=iris', [file(features)], 'text/csv');

    expect(res.status).toBe(200);
    expect(csvLines(res.text).slice(1).map((line) => line.split(',')[1])).toEqual(baseline);
  });

  it('should add proba_<class> columns that sum to 1 with return_proba=true', async () => {
    const res = await stream('?format=csv&model_name=iris&return_proba=true', [file(features)]);

    const [header, ...rows] = csvLines(res.text);
    expect(header).toBe(`row,prediction,${LABELS.map((l) => `proba_${l}`).join(',')}`);
    for (const row of rows) {
      const probabilities = row.split(',').slice(2).map(Number);
      expect(probabilities.reduce((a, b) => a + b, 0)).toBeCloseTo(1, 9);
    }
  });

  it('should answer format=ndjson with one JSON object per row, probabilities keyed by class', async () => {
    const res = await stream('?format=ndjson&return_proba=true', [{ name: 'model_name', value: 'iris' }, file(features)]);

    expect(res.status).toBe(200);
    expect(res.contentType).toContain('application/x-ndjson');
    const lines = csvLines(res.text).map((line) => JSON.parse(line));
    expect(lines.map((line) => line.row)).toEqual(baseline.map((_, i) => i + 1));
    expect(lines.map((line) => line.prediction)).toEqual(baseline);
    expect(Object.keys(lines[0].probabilities).sort()).toEqual(LABELS);
  });

  it('should score a file of many blocks on the worker threads and keep every row in order', async () => {
    const big = repeated(150_000);
    const res = await stream('?format=csv&model_name=iris', [file(big)]);

    expect(res.status).toBe(200);
    const rows = csvLines(res.text).slice(1);
    expect(rows).toHaveLength(big.rows.length);
    rows.forEach((line, i) => {
      if (line !== `${i + 1},${baseline[i % baseline.length]}`) expect(line).toBe(`${i + 1},${baseline[i % baseline.length]}`);
    });
  });

  it('should give the default JSON answer for the same large file, equal to the stream', async () => {
    const big = repeated(150_000);
    const res = await postParts(`${platform.gatewayUrl}/predict?model_name=iris`, [file(big)]);

    expectStatus(res, 200);
    expect(res.body.predictions).toEqual(big.rows.map((_, i) => baseline[i % baseline.length]));
  });

  it('should number rows as the file does, skipping blank lines and keeping quoted line breaks in a cell', async () => {
    const lines = toCsv(features).trimEnd().split('\n');
    const text = [`${lines[0]},note`, `${lines[1]},"two\nlines"`, '', `${lines[2]},x`, '   ', `${lines[3]},"a, ""b"""`].join('\r\n') + '\r\n';
    const res = await stream('?format=ndjson&model_name=iris', [file(text)]);

    expect(res.status).toBe(200);
    expect(csvLines(res.text).map((line) => JSON.parse(line))).toEqual(
      baseline.slice(0, 3).map((prediction, i) => ({ row: i + 1, prediction })),
    );
  });

  describe('errors found before the first row is sent are ordinary JSON errors', () => {
    it('should answer 404 for an unknown model', async () => {
      const res = await stream('?format=csv&model_name=nope', [file(features)]);
      expect(res.status).toBe(404);
      expect(JSON.parse(res.text).error.code).toBe('MODEL_NOT_FOUND');
    });

    it('should answer 422 naming a missing feature', async () => {
      const res = await stream('?format=csv&model_name=iris', [file(dropColumns(features, ['petal.width']))]);
      expect(res.status).toBe(422);
      expect(JSON.parse(res.text).error).toMatchObject({ code: 'MISSING_COLUMN' });
      expect(res.text).toContain('petal.width');
    });

    it('should answer 400 for an unknown format', async () => {
      const res = await stream('?format=xml&model_name=iris', [file(features)]);
      expect(res.status).toBe(400);
      expect(res.text).toContain('format');
    });

    it('should answer 404 for an unknown model named after the file (the upload is spooled, then the form read)', async () => {
      const res = await stream('?format=csv', [file(features), { name: 'model_name', value: 'nope' }]);
      expect(res.status).toBe(404);
      expect(JSON.parse(res.text).error.message).toContain('"nope"');
    });

    it('should answer 400 when no file is sent', async () => {
      const res = await stream('?format=csv&model_name=iris', [{ name: 'model_name', value: 'iris' }]);
      expect(res.status).toBe(400);
      expect(res.text).toContain('input_file');
    });

    it('should answer 400 for a header without rows', async () => {
      const res = await stream('?format=csv&model_name=iris', [file(features.header.join(',') + '\n')]);
      expect(res.status).toBe(400);
      expect(JSON.parse(res.text).error.code).toBe('INVALID_CSV');
    });
  });

  describe('an error deep in a large file', () => {
    // About 3.4 MB: the first blocks are sent before the block with row 180001 fails.
    const broken = mapColumn(repeated(200_000), 'sepal.width', (value, i) => (i === 180_000 ? 'abc' : value));

    it('should end an NDJSON stream with an error line naming the row', async () => {
      const res = await stream('?format=ndjson&model_name=iris', [file(broken)]);

      expect(res.status).toBe(200);
      const lines = csvLines(res.text).map((line) => JSON.parse(line));
      const last = lines.at(-1);
      expect(last.error).toMatchObject({ code: 'INVALID_VALUE' });
      expect(last.error.message).toContain('Row 180001');
      expect(lines.slice(0, -1).every((line, i) => line.row === i + 1)).toBe(true);
      expect(lines.length - 1).toBeLessThan(180_001);
    });

    it('should abort a CSV stream so the client cannot take it for complete', async () => {
      const res = await stream('?format=csv&model_name=iris', [file(broken)]);

      expect(res.status).toBe(200);
      expect(res.aborted).toBe(true);
    });

    it('should give the same error as a JSON answer for the default format', async () => {
      const res = await postParts(`${platform.gatewayUrl}/predict?model_name=iris`, [file(broken)]);
      expectError(res, ['INVALID_VALUE'], platform);
      expect(res.body.error.message).toContain('Row 180001, column "sepal.width"');
    });
  });
});
