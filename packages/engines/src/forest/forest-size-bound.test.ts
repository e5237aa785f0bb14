import { describe, expect, it } from '@jest/globals';
import { createRng } from '../random/seeded-rng.js';
import { forestMemoryBytes } from './predict-forest.js';
import { minSamplesLeafForBudget, nodeBytes } from './forest-size-bound.js';
import { trainForestSync } from './train-forest.js';

describe('minSamplesLeafForBudget({ nRows, nTrees, nOutputs, bootstrap, budgetBytes })', () => {
  it('should ask for about 140 rows a leaf for 100 binary trees on 8M rows in 256 MiB', () => {
    expect(minSamplesLeafForBudget({ nRows: 8_000_000, nTrees: 100, nOutputs: 2, bootstrap: true, budgetBytes: 256 * 1024 * 1024 })).toBe(140);
  });

  it('should answer 1 (no bound) when fully grown trees fit', () => {
    expect(minSamplesLeafForBudget({ nRows: 3_000, nTrees: 100, nOutputs: 2, bootstrap: true, budgetBytes: 256 * 1024 * 1024 })).toBe(1);
  });

  it('should count every row as distinct without bootstrap', () => {
    const input = { nRows: 1_000_000, nTrees: 10, nOutputs: 1, budgetBytes: 1024 * 1024 };
    const withBootstrap = minSamplesLeafForBudget({ ...input, bootstrap: true });
    const without = minSamplesLeafForBudget({ ...input, bootstrap: false });
    expect(without).toBeGreaterThan(withBootstrap);
    expect(without).toBe(Math.ceil(1_000_000 / ((1024 * 1024) / 10 / nodeBytes(1) / 2)));
  });

  it('should keep a forest of pure-noise trees (the most nodes a target can make) within the budget', () => {
    const rng = createRng(3);
    const nRows = 20_000;
    const nFeatures = 4;
    const X = Float64Array.from({ length: nRows * nFeatures }, () => rng.nextFloat());
    const y = Uint8Array.from({ length: nRows }, () => (rng.nextFloat() < 0.5 ? 1 : 0));
    const budgetBytes = 200_000;
    const minSamplesLeaf = minSamplesLeafForBudget({ nRows, nTrees: 5, nOutputs: 2, bootstrap: true, budgetBytes });
    const bounded = trainForestSync(X, nRows, nFeatures, y, { nEstimators: 5, seed: 1, minSamplesLeaf });
    const unbounded = trainForestSync(X, nRows, nFeatures, y, { nEstimators: 5, seed: 1 });
    expect(minSamplesLeaf).toBeGreaterThan(1);
    expect(bounded.nNodes * nodeBytes(2)).toBeLessThanOrEqual(budgetBytes);
    expect(forestMemoryBytes(unbounded)).toBeGreaterThan(budgetBytes);
  });

  it('should refuse a budget that is not positive', () => {
    expect(() => minSamplesLeafForBudget({ nRows: 10, nTrees: 1, nOutputs: 1, bootstrap: true, budgetBytes: 0 })).toThrow(RangeError);
  });
});
