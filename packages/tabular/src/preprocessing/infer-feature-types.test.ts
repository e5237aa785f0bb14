import { describe, expect, it } from '@jest/globals';
import { TabulaError } from '@tabula/contracts';
import type { Frame } from '../frame.js';
import { catchError } from '../test-fixtures/catch-error.js';
import { inferFeatureTypes } from './infer-feature-types.js';

const frame: Frame = {
  columns: ['signup', 'zip', 'seen', 'mixed'],
  nRows: 4,
  values: [
    ['2024-01-05', '2024-02-11', null, '2023-12-31'],
    ['0150', '7000', '0150', '8000'],
    ['2024-01-05T10:00', '2024-01-06 11:30', '2024-01-07T12:00Z', null],
    ['2024-01-05', 'soon', '12', null],
  ],
};
const ROWS = [0, 1, 2, 3];
const all = { detect_datetime: false, column_types: {} };

describe('inferFeatureTypes(frame, columns, rows, options)', () => {
  it('should keep dates as categories unless detect_datetime is set (today\'s rule)', () => {
    expect(inferFeatureTypes(frame, ['signup', 'zip'], ROWS, all)).toEqual([
      { name: 'signup', type: 'categorical' },
      { name: 'zip', type: 'numeric' },
    ]);
  });

  it('should detect columns of ISO dates and timestamps, and not a column with other text', () => {
    const types = inferFeatureTypes(frame, ['signup', 'seen', 'mixed'], ROWS, { ...all, detect_datetime: true });
    expect(types.map((feature) => feature.type)).toEqual(['datetime', 'datetime', 'categorical']);
  });

  it('should force a type with column_types', () => {
    expect(inferFeatureTypes(frame, ['zip'], ROWS, { ...all, column_types: { zip: 'categorical' } })).toEqual([{ name: 'zip', type: 'categorical' }]);
    expect(inferFeatureTypes(frame, ['signup'], ROWS, { ...all, column_types: { signup: 'datetime' } })).toEqual([{ name: 'signup', type: 'datetime' }]);
  });

  it('should refuse a forced numeric column with text, naming the column and the row (400)', () => {
    const error = catchError(() => inferFeatureTypes(frame, ['mixed'], ROWS, { ...all, column_types: { mixed: 'numeric' } }));
    expect(error).toBeInstanceOf(TabulaError);
    expect(error).toMatchObject({ code: 'INVALID_INPUT', status: 400 });
    expect((error as TabulaError).message).toContain('"mixed"');
    expect((error as TabulaError).message).toContain('row 1 holds "2024-01-05"');
    expect((error as TabulaError).details).toEqual([
      { path: 'row 1.mixed', message: '"2024-01-05" is not a number' },
      { path: 'row 2.mixed', message: '"soon" is not a number' },
    ]);
  });

  it('should refuse a forced datetime column with other text, naming the row', () => {
    const error = catchError(() => inferFeatureTypes(frame, ['mixed'], ROWS, { ...all, column_types: { mixed: 'datetime' } })) as TabulaError;
    expect(error).toMatchObject({ code: 'INVALID_INPUT', status: 400 });
    expect(error.details?.map((detail) => detail.path)).toEqual(['row 2.mixed', 'row 3.mixed']);
  });

  it('should refuse column_types naming a column that is not a feature', () => {
    const error = catchError(() => inferFeatureTypes(frame, ['zip'], ROWS, { ...all, column_types: { target: 'numeric' } })) as TabulaError;
    expect(error).toMatchObject({ code: 'INVALID_INPUT', details: [{ path: 'preprocessing.column_types.target', message: 'is not a feature column' }] });
  });
});
