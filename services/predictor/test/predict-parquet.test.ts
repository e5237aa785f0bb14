import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { ParquetStreamWriter, readTableFile } from '@tabula/tabular';
import request from 'supertest';
import { readBytes } from './read-body.js';
import { IRIS_COLUMNS, createTempPredictor, storeVersion, trainIris, type TempPredictor } from './temp-predictor.js';

// A Parquet upload past the 8 MB an upload keeps in memory is spooled and read by ranges, each range read,
// decoded and scored by a scoring worker ('parquet-range' jobs): every answer must be the one the same rows
// give as a CSV, and a broken page must come back from the worker as the same 400 as before.

/** Rows of the file: some 9 MB of DOUBLE values whose low digits vary, which no Parquet encoding shrinks much. */
const N_ROWS = 280_000;
const ROW_GROUP_ROWS = 70_000;

/** Iris-like values, each with its own low digits; printed with String, so the CSV holds exactly the Parquet's doubles. */
const valueOf = (row: number, col: number) => [4.3, 2, 1, 0.1][col] + ((row * [37, 11, 53, 29][col]) % 360) / 100 + ((row * 7919 + col * 104_729) % 1_000_003) * 1e-9;

function rowsAsCsv(): string {
  const lines = [IRIS_COLUMNS.join(',')];
  for (let row = 0; row < N_ROWS; row++) lines.push(IRIS_COLUMNS.map((_, col) => String(valueOf(row, col))).join(','));
  return `${lines.join('\n')}\n`;
}

/** The file's pieces: the first row group (after the 'PAR1' magic), the next ones, then the footer. */
function rowsAsParquet(): Uint8Array[] {
  const writer = new ParquetStreamWriter(IRIS_COLUMNS.map((name) => ({ name, type: 'DOUBLE' as const })));
  const pieces: Uint8Array[] = [];
  for (let start = 0; start < N_ROWS; start += ROW_GROUP_ROWS) {
    pieces.push(writer.writeRowGroup(IRIS_COLUMNS.map((_, col) => Array.from({ length: ROW_GROUP_ROWS }, (__, idx) => valueOf(start + idx, col)))));
  }
  pieces.push(writer.finish());
  return pieces;
}

describe('the predictor app: a spooled Parquet upload scored by ranges on the workers', () => {
  let predictor: TempPredictor;
  let dir: string;
  let csv: Buffer;
  let pieces: Uint8Array[];
  let parquet: Buffer;

  beforeAll(async () => {
    predictor = await createTempPredictor({ SCORING_WORKERS: '1' });
    await storeVersion(predictor.store, 'iris', await trainIris(10));
    dir = await mkdtemp(join(tmpdir(), 'tabula-predict-parquet-'));
    csv = Buffer.from(rowsAsCsv());
    pieces = rowsAsParquet();
    parquet = Buffer.concat(pieces);
    expect(parquet.length).toBeGreaterThan(8 * 1024 * 1024);
  });
  afterAll(async () => {
    await predictor.close();
    await rm(dir, { recursive: true, force: true });
  });

  /** POST /predict with the model named after the file, so that the upload is spooled; the answer's bytes. */
  const answerOf = async (query: string, file: Buffer, name: string) => {
    const res = await request(predictor.app).post(`/predict?${query}`).attach('input_file', file, name).field('model_name', 'iris').buffer(true).parse(readBytes);
    return { status: res.status, body: res.body as Buffer };
  };

  it('should answer JSON, CSV and NDJSON exactly as for the same rows as a CSV', async () => {
    for (const query of ['return_proba=true', 'format=csv&return_proba=true', 'format=ndjson']) {
      const fromCsv = await answerOf(query, csv, 'rows.csv');
      const fromParquet = await answerOf(query, parquet, 'rows.parquet');
      expect([fromCsv.status, fromParquet.status]).toEqual([200, 200]);
      expect(fromParquet.body.equals(fromCsv.body)).toBe(true);
    }
  });

  it('should answer format=parquet with every row, numbered and predicted as for the CSV', async () => {
    const fromCsv = JSON.parse((await answerOf('', csv, 'rows.csv')).body.toString('utf8')) as { predictions: string[] };
    const answer = await answerOf('format=parquet', parquet, 'rows.parquet');
    expect(answer.status).toBe(200);
    await writeFile(join(dir, 'answer.parquet'), answer.body);
    const { frame } = await readTableFile(join(dir, 'answer.parquet'), { formatLimits: { maxDecompressedBytes: 1e9, maxJsonArrayBytes: 1e9 } });
    expect(frame.columns).toEqual(['row', 'prediction']);
    expect(frame.values[0]).toEqual(fromCsv.predictions.map((_, idx) => idx + 1));
    expect(frame.values[1]).toEqual(fromCsv.predictions);
  });

  it('should answer a corrupt page in a later row group with the 400 that names its column and row group', async () => {
    const corrupt = Buffer.from(parquet);
    // Bytes inside the first page of the third row group's first column (past its page header).
    const start = pieces[0].length + pieces[1].length + 30;
    for (let idx = start; idx < start + 40; idx++) corrupt[idx] ^= 0x5a;
    const res = await answerOf('', corrupt, 'rows.parquet');
    expect(res.status).toBe(400);
    const { error } = JSON.parse(res.body.toString('utf8')) as { error: { code: string; message: string } };
    expect(error.code).toBe('INVALID_INPUT');
    expect(error.message).toContain(`Column "sepal.length" of row group 3 (rows ${2 * ROW_GROUP_ROWS + 1}–${3 * ROW_GROUP_ROWS}) cannot be read`);
  });
});
