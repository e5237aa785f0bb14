import { describe, expect, it } from '@jest/globals';
import { TabulaError } from '@tabula/contracts';
import { frameFromRecords } from '../frame.js';
import type { PreprocessorState } from './preprocessor-state.js';
import { catchError } from '../test-fixtures/catch-error.js';
import { transformFrame } from './transform-frame.js';

const state: PreprocessorState = {
  columns: [
    { name: 'age', type: 'numeric', median: 20 },
    { name: 'city', type: 'categorical', mode: 'Oslo', categories: ['Oslo', 'Rome'] },
  ],
};

describe('transformFrame(state, frame, rows?)', () => {
  it('should write a column-major matrix, imputing missing cells', () => {
    const frame = frameFromRecords([
      { age: '30', city: 'Rome' },
      { age: null, city: null },
      { age: 5, city: 'Oslo' },
    ]);
    const { X, nRows, nFeatures } = transformFrame(state, frame);
    expect([nRows, nFeatures]).toEqual([3, 3]);
    expect(Array.from(X)).toEqual([30, 20, 5, /* city=Oslo */ 0, 1, 1, /* city=Rome */ 1, 0, 0]);
  });

  it('should encode an unseen category as all zeros', () => {
    const { X } = transformFrame(state, frameFromRecords([{ age: 1, city: 'Paris' }]));
    expect(Array.from(X)).toEqual([1, 0, 0]);
  });

  it('should ignore extra columns, in any order', () => {
    const frame = frameFromRecords([{ target: 'yes', city: 'Rome', extra: 'x', age: '3.0' }]);
    expect(Array.from(transformFrame(state, frame).X)).toEqual([3, 0, 1]);
  });

  it('should transform only the given rows, in their order', () => {
    const frame = frameFromRecords([{ age: 1, city: 'Rome' }, { age: 2, city: 'Oslo' }, { age: 3, city: 'Rome' }]);
    expect(Array.from(transformFrame(state, frame, [2, 0]).X)).toEqual([3, 1, 0, 0, 1, 1]);
  });

  it('should name every missing column', () => {
    const error = catchError(() => transformFrame(state, frameFromRecords([{ other: 1 }])));
    expect(error).toBeInstanceOf(TabulaError);
    expect(error).toMatchObject({ code: 'MISSING_COLUMN', status: 422 });
    expect((error as TabulaError).message).toContain('"age", "city"');
    expect((error as TabulaError).hint).toContain('"other"');
  });

  it('should name the row, column and value of a non-number in a numeric column', () => {
    const frame = frameFromRecords([{ age: 1, city: 'Rome' }, { age: 'old', city: 'Rome' }, { age: true, city: 'Rome' }]);
    const error = catchError(() => transformFrame(state, frame));
    expect(error).toMatchObject({ code: 'INVALID_VALUE', status: 422 });
    expect((error as TabulaError).message).toMatch(/^Row 2, column "age": "old" is not a number.*\(and 1 more\)\.$/);
    expect((error as TabulaError).details).toEqual([
      { path: 'row 2.age', message: '"old" is not a number' },
      { path: 'row 3.age', message: 'true is not a number' },
    ]);
  });
});
