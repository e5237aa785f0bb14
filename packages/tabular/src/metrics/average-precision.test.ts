import { describe, expect, it } from '@jest/globals';
import { averagePrecision } from './average-precision.js';

describe('averagePrecision(isPositive, scores)', () => {
  it('should match scikit-learn 1.2 average_precision_score, tied scores included', () => {
    const isPositive = [0, 1, 1, 0, 1, 0, 0, 1, 1, 0];
    const scores = [0.1, 0.8, 0.35, 0.4, 0.8, 0.2, 0.8, 0.55, 0.9, 0.05];
    expect(averagePrecision(isPositive, scores)).toBeCloseTo(0.8028571428571428, 12);
  });

  it('should be 1 for a perfect ranking and the positive share for a constant score', () => {
    expect(averagePrecision([0, 1, 0, 1], [0.1, 0.9, 0.2, 0.8])).toBe(1);
    expect(averagePrecision([0, 1, 0, 0], [0.5, 0.5, 0.5, 0.5])).toBeCloseTo(0.25, 12);
  });

  it('should return null without positives and reject mismatched lengths', () => {
    expect(averagePrecision([0, 0], [0.2, 0.4])).toBeNull();
    expect(() => averagePrecision([0, 1], [0.5])).toThrow(RangeError);
  });
});
