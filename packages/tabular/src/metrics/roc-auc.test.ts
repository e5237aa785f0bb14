import { describe, expect, it } from '@jest/globals';
import { rocAuc } from './roc-auc.js';

describe('rocAuc(isPositive, scores)', () => {
  it('should match the pair-counting definition', () => {
    expect(rocAuc([0, 0, 1, 1], [0.1, 0.4, 0.35, 0.8])).toBeCloseTo(0.75, 12);
  });

  it('should count tied scores as half', () => {
    // positive 0.5 ties negative 0.5 (½) and beats 0.2 (1); positive 0.9 beats both (2): 3.5 of 4
    expect(rocAuc([0, 1, 0, 1], [0.5, 0.5, 0.2, 0.9])).toBeCloseTo(0.875, 12);
    expect(rocAuc([0, 1, 0, 1], [0.3, 0.3, 0.3, 0.3])).toBeCloseTo(0.5, 12);
  });

  it('should be 1 for a perfect ranking and 0 for a reversed one', () => {
    expect(rocAuc([0, 0, 1], [0.1, 0.2, 0.9])).toBe(1);
    expect(rocAuc([1, 0, 0], [0.1, 0.2, 0.9])).toBe(0);
  });

  it('should return null when a class is absent', () => {
    expect(rocAuc([1, 1], [0.2, 0.4])).toBeNull();
  });

  it('should reject mismatched lengths', () => {
    expect(() => rocAuc([0, 1], [0.5])).toThrow(RangeError);
  });
});
