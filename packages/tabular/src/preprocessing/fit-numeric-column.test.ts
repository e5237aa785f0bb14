import { describe, expect, it } from '@jest/globals';
import { fitNumericColumn, median } from './fit-numeric-column.js';

// Training values 1, 2, 3, 10 present, and 2 of 6 rows missing.
const PRESENT = [10, 1, 3, 2];
const N_ROWS = 6;

describe('fitNumericColumn(name, present, nRows, options)', () => {
  it('should store only the median under the defaults, as model.json always had it', () => {
    expect(fitNumericColumn('x', PRESENT, N_ROWS)).toEqual({ name: 'x', type: 'numeric', median: 2.5 });
    expect(Object.keys(fitNumericColumn('x', PRESENT, N_ROWS, { numeric_imputation: 'median', scaling: 'none' }))).toEqual(['name', 'type', 'median']);
  });

  it('should fill with the training mean with numeric_imputation=mean', () => {
    expect(fitNumericColumn('x', PRESENT, N_ROWS, { numeric_imputation: 'mean' })).toMatchObject({ median: 2.5, fill: 4 });
  });

  it('should fill with fill_value with numeric_imputation=constant', () => {
    expect(fitNumericColumn('x', PRESENT, N_ROWS, { numeric_imputation: 'constant', fill_value: -1 })).toMatchObject({ fill: -1 });
  });

  it('should fit standard scaling on the imputed column (mean and population std, as StandardScaler)', () => {
    // Imputed column: 1, 2, 2.5, 2.5, 3, 10.
    const imputed = [1, 2, 2.5, 2.5, 3, 10];
    const mean = imputed.reduce((a, b) => a + b) / 6;
    const std = Math.sqrt(imputed.reduce((sum, x) => sum + (x - mean) ** 2, 0) / 6);
    const { scaling } = fitNumericColumn('x', PRESENT, N_ROWS, { scaling: 'standard' });
    expect(scaling?.center).toBeCloseTo(mean, 12);
    expect(scaling?.scale).toBeCloseTo(std, 12);
  });

  it('should fit minmax scaling as (min, max − min)', () => {
    expect(fitNumericColumn('x', PRESENT, N_ROWS, { scaling: 'minmax' }).scaling).toEqual({ center: 1, scale: 9 });
  });

  it('should fit robust scaling as (median, IQR) with numpy\'s linear percentiles', () => {
    // Imputed 1, 2, 2.5, 2.5, 3, 10: q25 at position 1.25 → 2.125, q75 at 3.75 → 2.875.
    const { scaling } = fitNumericColumn('x', PRESENT, N_ROWS, { scaling: 'robust' });
    expect(scaling?.center).toBe(2.5);
    expect(scaling?.scale).toBeCloseTo(0.75, 12);
  });

  it('should scale a constant or empty column by 1, as scikit-learn does', () => {
    expect(fitNumericColumn('x', [4, 4], 2, { scaling: 'standard' }).scaling).toEqual({ center: 4, scale: 1 });
    expect(fitNumericColumn('x', [], 3, { scaling: 'minmax' }).scaling).toEqual({ center: 0, scale: 1 });
  });
});

describe('median(values)', () => {
  it('should average the two middle values of an even count, and give 0 for none', () => {
    expect(median([4, 1, 3, 2])).toBe(2.5);
    expect(median([])).toBe(0);
  });
});
