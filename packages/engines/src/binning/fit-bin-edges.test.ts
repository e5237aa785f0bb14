import { describe, expect, it } from '@jest/globals';
import { createRng } from '../random/seeded-rng.js';
import { MAX_BINS } from '../tree/layout.js';
import { fitBinEdges } from './fit-bin-edges.js';
import { mapToBins } from './map-to-bins.js';

function gaussianColumn(n: number, seed: number): Float64Array {
  const rng = createRng(seed);
  return Float64Array.from({ length: n }, () => Math.sqrt(-2 * Math.log(1 - rng.nextFloat())) * Math.cos(6.283 * rng.nextFloat()));
}

describe('fitBinEdges(X, nRows, nFeatures, rng)', () => {
  it('should give each of few distinct values its own bin, cut at midpoints', () => {
    const X = Float64Array.from([3, 1, 2, 3, NaN, 1]);
    const edges = fitBinEdges(X, 6, 1, createRng(0));
    expect(edges.nBins[0]).toBe(3);
    expect(Array.from(edges.binUpper.subarray(0, 3))).toEqual([1.5, 2.5, Infinity]);
    expect(edges.binUpper[3]).toBeNaN();
    expect(Array.from(edges.binOffsets)).toEqual([0, 4]);
  });

  it('should give a constant or all-missing column a single bin', () => {
    const X = Float64Array.from([5, 5, 5, NaN, NaN, NaN]);
    const edges = fitBinEdges(X, 3, 2, createRng(0));
    expect(Array.from(edges.nBins)).toEqual([1, 1]);
    expect(Array.from(edges.binOffsets)).toEqual([0, 2, 4]);
  });

  it('should cut many distinct values into MAX_BINS bins of near-equal size', () => {
    const n = 20_000;
    const X = gaussianColumn(n, 1);
    const edges = fitBinEdges(X, n, 1, createRng(0));
    expect(edges.nBins[0]).toBe(MAX_BINS);
    const binned = mapToBins(X, n, edges);
    const counts = new Array<number>(MAX_BINS).fill(0);
    for (const b of binned) counts[b]++;
    const expected = n / MAX_BINS;
    for (const count of counts) expect(Math.abs(count - expected)).toBeLessThanOrEqual(2);
  });

  it('should merge tied quantiles so that no bin is empty', () => {
    const n = 10_000;
    const X = Float64Array.from({ length: n }, (_, i) => (i < n / 2 ? 0 : i));
    const edges = fitBinEdges(X, n, 1, createRng(0));
    expect(edges.nBins[0]).toBeLessThan(MAX_BINS);
    const counts = new Array<number>(edges.nBins[0]).fill(0);
    for (const b of mapToBins(X, n, edges)) counts[b]++;
    expect(counts.every((c) => c > 0)).toBe(true);
    expect(counts[0]).toBe(n / 2);
  });

  it('should fit on a seeded subsample when there are more rows than subsampleRows', () => {
    const n = 5_000;
    const X = gaussianColumn(n, 2);
    const a = fitBinEdges(X, n, 1, createRng(9), 1_000);
    const b = fitBinEdges(X, n, 1, createRng(9), 1_000);
    const full = fitBinEdges(X, n, 1, createRng(9));
    expect(Array.from(a.binUpper)).toEqual(Array.from(b.binUpper));
    expect(Array.from(a.binUpper)).not.toEqual(Array.from(full.binUpper));
  });
});
