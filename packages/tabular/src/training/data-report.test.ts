import { describe, expect, it } from '@jest/globals';
import { buildDataReport } from './data-report.js';
import { encodeTarget } from '../preprocessing/encode-target.js';
import type { Frame } from '../frame.js';

describe('buildDataReport(frame, targetColumn, columnsToDrop, target)', () => {
  const frame: Frame = {
    columns: ['id', 'age', 'city', 'empty', 'y'],
    nRows: 6,
    values: [
      ['1', '2', '3', '4', '5', '6'],
      ['30', null, '41.5', '30', '18', null],
      ['Oslo', 'Rome', 'Oslo', null, 'Lima', 'Rome'],
      [null, null, null, null, null, null],
      ['no', 'yes', null, 'no', 'yes', 'no'],
    ],
  };
  const report = buildDataReport(frame, 'y', ['id'], encodeTarget(frame.values[4], 'classification', 'y'));

  it('should count rows, columns, rows without a target and the classes', () => {
    expect(report).toMatchObject({ n_rows: 6, n_columns: 5, n_rows_without_target: 1, class_counts: { no: 3, yes: 2 } });
  });

  it('should describe a numeric column by missing share, distinct values, min, max and mean', () => {
    expect(report.columns[1]).toEqual({ name: 'age', role: 'feature', type: 'numeric', missing: 2, missing_pct: 33.33, distinct: 3, min: 18, max: 41.5, mean: 29.875 });
  });

  it('should list the most frequent values of a categorical column, ties in text order', () => {
    expect(report.columns[2]).toEqual({
      name: 'city', role: 'feature', type: 'categorical', missing: 1, missing_pct: 16.67, distinct: 3,
      top: [{ value: 'Oslo', count: 2 }, { value: 'Rome', count: 2 }, { value: 'Lima', count: 1 }],
    });
  });

  it('should give each column its role, and an all-missing column no statistics', () => {
    expect(report.columns.map((column) => column.role)).toEqual(['dropped', 'feature', 'feature', 'feature', 'target']);
    expect(report.columns[3]).toEqual({ name: 'empty', role: 'feature', type: 'numeric', missing: 6, missing_pct: 100, distinct: 0 });
  });

  it('should leave class_counts null for regression', () => {
    expect(buildDataReport(frame, 'age', [], encodeTarget(frame.values[1], 'regression', 'age')).class_counts).toBeNull();
  });
});
