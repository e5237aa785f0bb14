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
