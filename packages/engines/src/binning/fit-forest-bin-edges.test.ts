import { describe, expect, it } from '@jest/globals';
import { trainForestOnBinsSync, trainForestSync } from '../forest/train-forest.js';
import { makeBlobs } from '../testing/synthetic-data.js';
import { MISSING_BIN } from '../tree/layout.js';
import { assertBinned } from './assert-binned.js';
import { fitForestBinEdges } from './fit-forest-bin-edges.js';
import { mapToBins } from './map-to-bins.js';

describe('trainForestOnBinsSync(binned, nRows, edges, y, options)', () => {
  it('should grow the forest trainForestSync grows when given the bins and edges it would fit', () => {
    // 3,000 rows with missing cells: small enough for the all-rows edges, and NaN takes MISSING_BIN on both paths.
    const { X, y, nRows, nFeatures, nClasses } = makeBlobs(3_000, 6, 3, 11, { missingRate: 0.05 });
    const options = { nEstimators: 8, seed: 5, nClasses };
    const edges = fitForestBinEdges(X, nRows, nFeatures, options.seed);
    const fromBins = trainForestOnBinsSync(mapToBins(X, nRows, edges), nRows, edges, y, options);
    expect(fromBins).toEqual(trainForestSync(X, nRows, nFeatures, y, options));
  });

  it('should fit the same edges as the forest past the 200k-row subsample (same seed, same draw)', () => {
    const { X, nRows, nFeatures } = makeBlobs(210_000, 2, 2, 3);
    const a = fitForestBinEdges(X, nRows, nFeatures, 9);
    expect(fitForestBinEdges(X, nRows, nFeatures, 9)).toEqual(a);
    expect(fitForestBinEdges(X, nRows, nFeatures, 10).binUpper).not.toEqual(a.binUpper);
  });
});

describe('assertBinned(binned, nRows, edges)', () => {
  const { X, nRows, nFeatures } = makeBlobs(50, 2, 2, 1);
  const edges = fitForestBinEdges(X, nRows, nFeatures, 0);

  it('should accept bins of each feature and MISSING_BIN', () => {
    const binned = mapToBins(X, nRows, edges);
    binned[0] = MISSING_BIN;
    expect(() => assertBinned(binned, nRows, edges)).not.toThrow();
  });

  it("should refuse a byte past a feature's bins, a wrong length and a wrong dtype", () => {
    const binned = mapToBins(X, nRows, edges);
    binned[nRows + 3] = edges.nBins[1];
    expect(() => assertBinned(binned, nRows, edges)).toThrow(/is no bin of feature 1/);
    expect(() => assertBinned(new Uint8Array(3), nRows, edges)).toThrow(RangeError);
    expect(() => assertBinned(new Uint16Array(nRows * 2) as unknown as Uint8Array, nRows, edges)).toThrow(TypeError);
  });
});
