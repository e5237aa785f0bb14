import { describe, expect, it } from '@jest/globals';
import { fitStandardScaler, standardize } from './standard-scaler.js';

describe('fitStandardScaler(X, nRows, nFeatures) and standardize(X, nRows, scaler)', () => {
  // Column 0: 1, 2, 3, NaN; column 1: constant 5; column 2: all missing.
  const X = Float64Array.of(1, 2, 3, NaN, 5, 5, 5, 5, NaN, NaN, NaN, NaN);
  const scaler = fitStandardScaler(X, 4, 3);

  it('should take the mean and population deviation of the non-missing values, scale 1 when constant', () => {
    expect(Array.from(scaler.mean)).toEqual([2, 5, 0]);
    expect(scaler.scale[0]).toBeCloseTo(Math.sqrt(2 / 3), 15);
    expect(Array.from(scaler.scale.subarray(1))).toEqual([1, 1]);
  });

  it('should centre and scale each column, turning NaN into 0 (the mean)', () => {
    const out = standardize(X, 4, scaler);
    const s = Math.sqrt(3 / 2);
    expect(Array.from(out.subarray(0, 4)).map((v) => Number(v.toFixed(12)))).toEqual([-s, 0, s, 0].map((v) => Number(v.toFixed(12))));
    expect(Array.from(out.subarray(4))).toEqual([0, 0, 0, 0, 0, 0, 0, 0]);
  });

  it('should keep a large mean from swamping the variance', () => {
    const big = Float64Array.of(1e9 + 1, 1e9 + 2, 1e9 + 3);
    expect(fitStandardScaler(big, 3, 1).scale[0]).toBeCloseTo(Math.sqrt(2 / 3), 9);
  });
});
