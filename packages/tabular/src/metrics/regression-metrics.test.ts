import { describe, expect, it } from '@jest/globals';
import { regressionMetrics } from './regression-metrics.js';

describe('regressionMetrics(yTrue, yPred)', () => {
  it('should compute r2, rmse and mae', () => {
    // residuals 0.5, -0.5, 0, -1: SSE 1.5, mean y 2.875, SST 29.1875
    const metrics = regressionMetrics([3, -0.5, 2, 7], [2.5, 0, 2, 8]);
    expect(metrics.r2).toBeCloseTo(1 - 1.5 / 29.1875, 12);
    expect(metrics.rmse).toBeCloseTo(Math.sqrt(1.5 / 4), 12);
    expect(metrics.mae).toBeCloseTo(0.5, 12);
  });

  it('should give r2 of a constant truth as 1 when perfect and 0 otherwise', () => {
    expect(regressionMetrics([2, 2], [2, 2]).r2).toBe(1);
    expect(regressionMetrics([2, 2], [1, 2]).r2).toBe(0);
  });

  it('should reject empty or mismatched input', () => {
    expect(() => regressionMetrics([], [])).toThrow(RangeError);
    expect(() => regressionMetrics([1], [1, 2])).toThrow(RangeError);
  });
});
