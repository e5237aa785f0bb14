import { describe, expect, it } from '@jest/globals';
import { createRng } from '../random/seeded-rng.js';
import { MISSING_BIN, type BinEdges } from '../tree/layout.js';
import { fitBinEdges } from './fit-bin-edges.js';
import { mapToBins } from './map-to-bins.js';

/** Naive twin: the first bin whose upper edge is >= x, by linear scan. */
function naiveBin(x: number, edges: BinEdges, f: number): number {
  if (Number.isNaN(x)) return MISSING_BIN;
  const first = edges.binOffsets[f];
  let b = 0;
  while (x > edges.binUpper[first + b]) b++;
  return b;
}

describe('mapToBins(X, nRows, edges)', () => {
  it('should agree with a linear scan over the edges, NaN going to MISSING_BIN', () => {
    const rng = createRng(5);
    const nRows = 3_000;
    const nFeatures = 4;
    const X = new Float64Array(nRows * nFeatures);
    for (let i = 0; i < X.length; i++) {
      const f = Math.floor(i / nRows);
      const u = rng.nextFloat();
      // Column 0 has few distinct values, column 3 has ties and a fifth missing.
      X[i] = f === 0 ? Math.floor(u * 7) : f === 3 && u < 0.2 ? NaN : f === 3 ? Math.round(u * 1000) : u * 100 - 50;
    }
    const edges = fitBinEdges(X, nRows, nFeatures, createRng(0));
    const binned = mapToBins(X, nRows, edges);
    let nMissing = 0;
    for (let f = 0; f < nFeatures; f++) {
      for (let row = 0; row < nRows; row++) {
        const x = X[f * nRows + row];
        expect(binned[f * nRows + row]).toBe(naiveBin(x, edges, f));
        if (Number.isNaN(x)) nMissing++;
      }
    }
    expect(nMissing).toBeGreaterThan(0);
    expect(edges.nBins[0]).toBe(7);
  });

  it('should route a raw value left of an edge exactly when its bin is left of that edge', () => {
    const rng = createRng(8);
    const nRows = 2_000;
    const X = Float64Array.from({ length: nRows }, () => rng.nextFloat());
    const edges = fitBinEdges(X, nRows, 1, createRng(0));
    const binned = mapToBins(X, nRows, edges);
    for (const t of [0, 17, 100, edges.nBins[0] - 2]) {
      for (let row = 0; row < nRows; row++) {
        expect(X[row] <= edges.binUpper[t]).toBe(binned[row] <= t);
      }
    }
  });

  it('should reject an output buffer of the wrong length', () => {
    const X = Float64Array.from([1, 2, 3]);
    const edges = fitBinEdges(X, 3, 1, createRng(0));
    expect(() => mapToBins(X, 3, edges, new Uint8Array(2))).toThrow(RangeError);
  });
});
