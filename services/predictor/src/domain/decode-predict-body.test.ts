import { describe, expect, it } from '@jest/globals';
import { TabulaError } from '@tabula/contracts';
import { decodePredictBody, type BodyShape } from './decode-predict-body.js';

const FRAME = { columns: ['a', 'b'], nRows: 2, values: [[1, 3], ['x', null]] };

function errorOf(run: () => unknown): TabulaError {
  try {
    run();
  } catch (error) {
    if (error instanceof TabulaError) return error;
    throw error;
  }
  throw new Error('expected a TabulaError');
}

describe('decodePredictBody(body, shape)', () => {
  describe('with one bare record on /predict', () => {
    it('should build a one-row frame and mark it as a single record', () => {
      expect(decodePredictBody({ a: 1, b: ' x ' }, 'record')).toEqual({
        frame: { columns: ['a', 'b'], nRows: 1, values: [[1], ['x']] },
        isSingleRecord: true,
      });
    });
  });

  describe('with an array of records on /predict_batch', () => {
    it('should build one row per record, missing keys as null', () => {
      expect(decodePredictBody([{ a: 1, b: 'x' }, { a: 3 }], 'batch')).toEqual({ frame: FRAME, isSingleRecord: false });
    });
  });

  describe('with the MLflow formats', () => {
    it('should read dataframe_split column by column', () => {
      const body = { dataframe_split: { columns: ['a', 'b'], data: [[1, 'x'], [3, 'NA']] } };
      expect(decodePredictBody(body, 'batch')).toEqual({ frame: FRAME, isSingleRecord: false });
    });

    it('should read dataframe_records and instances as records, on both routes', () => {
      const records = [{ a: 1, b: 'x' }, { a: 3, b: null }];
      for (const shape of ['record', 'batch'] as const) {
        expect(decodePredictBody({ dataframe_records: records }, shape)).toEqual({ frame: FRAME, isSingleRecord: false });
        expect(decodePredictBody({ instances: records }, shape)).toEqual({ frame: FRAME, isSingleRecord: false });
      }
    });
  });

  describe('with bad bodies', () => {
    const cases: Array<[string, unknown, BodyShape, string]> = [
      ['an empty batch', [], 'batch', 'empty'],
      ['empty instances', { instances: [] }, 'record', 'empty'],
      ['empty dataframe_split data', { dataframe_split: { columns: ['a'], data: [] } }, 'batch', 'empty'],
      ['a ragged dataframe_split row', { dataframe_split: { columns: ['a', 'b'], data: [[1]] } }, 'batch', '1 values for 2 columns'],
      ['duplicate split columns', { dataframe_split: { columns: ['a', 'a'], data: [[1, 2]] } }, 'batch', 'more than once'],
      ['two formats at once', { instances: [{ a: 1 }], dataframe_records: [{ a: 1 }] }, 'batch', 'exactly one format'],
      ['a bare object on /predict_batch', { a: 1 }, 'batch', 'array of records'],
      ['a nested value', { a: { b: 1 } }, 'record', 'a must be a string, number, boolean or null'],
      ['a string body', 'hello', 'record', 'must be an object'],
    ];
    it.each(cases)('should reject %s with INVALID_INPUT listing the accepted formats', (_name, body, shape, says) => {
      const error = errorOf(() => decodePredictBody(body, shape));
      expect(error.code).toBe('INVALID_INPUT');
      expect([error.message, JSON.stringify(error.details ?? [])].join(' ')).toContain(says);
      expect(error.hint).toContain('dataframe_split');
      expect(error.hint).toContain('instances');
    });
  });
});

describe('decodePredictBody(body, shape, maxRows)', () => {
  const rows = (n: number) => Array.from({ length: n }, (_, i) => ({ a: i }));
  const bodies: Array<[string, (n: number) => unknown, BodyShape]> = [
    ['an array of records', (n) => rows(n), 'batch'],
    ['dataframe_split', (n) => ({ dataframe_split: { columns: ['a'], data: rows(n).map((r) => [r.a]) } }), 'record'],
    ['dataframe_records', (n) => ({ dataframe_records: rows(n) }), 'batch'],
    ['instances', (n) => ({ instances: rows(n) }), 'record'],
  ];

  it.each(bodies)('should take %s of exactly MAX_JSON_ROWS rows', (_label, body, shape) => {
    expect(decodePredictBody(body(5), shape, 5).frame.nRows).toBe(5);
  });

  it.each(bodies)('should refuse %s of one row more with 413 naming MAX_JSON_ROWS', (_label, body, shape) => {
    const error = errorOf(() => decodePredictBody(body(6), shape, 5));
    expect(error).toMatchObject({ code: 'PAYLOAD_TOO_LARGE', details: [{ path: 'MAX_JSON_ROWS', message: '6 > 5' }] });
    expect(error.status).toBe(413);
    expect(error.message).toBe('The JSON body holds 6 rows; the limit is 5 (MAX_JSON_ROWS).');
    expect(error.hint).toContain('format=csv');
  });

  it('should count the rows before checking them, so a long body of bad rows is refused by its length', () => {
    const error = errorOf(() => decodePredictBody({ dataframe_split: { columns: ['a'], data: Array.from({ length: 7 }, () => 'not a row') } }, 'batch', 5));
    expect(error.code).toBe('PAYLOAD_TOO_LARGE');
  });
});
