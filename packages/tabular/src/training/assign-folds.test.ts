import { describe, expect, it } from '@jest/globals';
import { assignFolds } from './assign-folds.js';
import { createUniformRng } from './training-rng.js';

const countPerFold = (fold: Uint8Array, k: number, keep: (i: number) => boolean = () => true) => {
  const counts = new Array<number>(k).fill(0);
  fold.forEach((f, i) => {
    if (keep(i)) counts[f]++;
  });
  return counts;
};

describe('assignFolds(nItems, k, classIdx, rng)', () => {
  it('should deal items into k folds whose sizes differ by at most one', () => {
    const fold = assignFolds(23, 5, null, createUniformRng(1));
    expect(countPerFold(fold, 5).sort()).toEqual([4, 4, 5, 5, 5]);
  });

  it('should give every fold its share of each class when stratified', () => {
    const classIdx = Array.from({ length: 40 }, (_, i) => (i < 30 ? 0 : i < 37 ? 1 : 2));
    const fold = assignFolds(40, 3, classIdx, createUniformRng(2));
    expect(countPerFold(fold, 3, (i) => classIdx[i] === 0)).toEqual([10, 10, 10]);
    expect(countPerFold(fold, 3, (i) => classIdx[i] === 1).sort()).toEqual([2, 2, 3]);
    expect(countPerFold(fold, 3, (i) => classIdx[i] === 2)).toEqual([1, 1, 1]);
    expect(Math.max(...countPerFold(fold, 3)) - Math.min(...countPerFold(fold, 3))).toBeLessThanOrEqual(1);
  });

  it('should repeat itself for a seed and differ for another', () => {
    expect(assignFolds(50, 4, null, createUniformRng(3))).toEqual(assignFolds(50, 4, null, createUniformRng(3)));
    expect(assignFolds(50, 4, null, createUniformRng(3))).not.toEqual(assignFolds(50, 4, null, createUniformRng(4)));
  });

  it('should reject k below 2 or above the item count', () => {
    expect(() => assignFolds(10, 1, null, createUniformRng(1))).toThrow(RangeError);
    expect(() => assignFolds(3, 4, null, createUniformRng(1))).toThrow(RangeError);
  });
});
