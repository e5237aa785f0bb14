import { describe, expect, it } from '@jest/globals';
import { createRng } from '../random/seeded-rng.js';
import { subtractHistograms } from '../tree/histogram.js';
import { MISSING_BIN } from '../tree/layout.js';
import { FEATURE_STRIDE, GRADIENT_STATS, buildGradientHistograms, gradientHistogramLength } from './gradient-histogram.js';

const nRows = 400;
// Thirteen features: one pass of eight, one of four, then one alone.
const nFeatures = 13;

/** Binned columns with a tenth missing; gradients in eighths, so every sum is exact in float64. */
function makeNode(seed: number) {
  const rng = createRng(seed);
  const binned = Uint8Array.from({ length: nRows * nFeatures }, () => (rng.nextFloat() < 0.1 ? MISSING_BIN : rng.nextBelow(40)));
  const gradients = Float64Array.from({ length: nRows }, () => (rng.nextBelow(64) - 32) / 8);
  const hessians = Float64Array.from({ length: nRows }, () => (1 + rng.nextBelow(8)) / 8);
  const rows = Uint32Array.from(Array.from({ length: nRows }, (_, i) => i).filter(() => rng.nextFloat() < 0.7));
  return { binned, gradients, hessians, rows };
}

/** Naive twin: each row added to its slot of each feature, no gathering, no shortcuts. */
function naiveHistogram(binned: Uint8Array, rows: ArrayLike<number>, gradients: Float64Array, hessians: Float64Array | null): Float64Array {
  const hist = new Float64Array(gradientHistogramLength(nFeatures));
  for (let f = 0; f < nFeatures; f++) {
    for (let i = 0; i < rows.length; i++) {
      const row = rows[i];
      const s = f * FEATURE_STRIDE + binned[f * nRows + row] * GRADIENT_STATS;
      hist[s] += gradients[row];
      hist[s + 1] += hessians === null ? 0 : hessians[row];
      hist[s + 2] += 1;
    }
  }
  return hist;
}

function build(d: ReturnType<typeof makeNode>, rows: Uint32Array, start: number, end: number, hessians: Float64Array | null): Float64Array {
  const hist = new Float64Array(gradientHistogramLength(nFeatures));
  buildGradientHistograms(hist, d.binned, nRows, nFeatures, rows, start, end, d.gradients, hessians, new Float64Array(2 * nRows));
  return hist;
}

describe('buildGradientHistograms(hist, binned, nRows, nFeatures, rows, start, end, gradients, hessians, ordered)', () => {
  const d = makeNode(3);
  const allRows = Uint32Array.from({ length: nRows }, (_, i) => i);

  it.each([
    ['with hessians', d.hessians],
    ['with constant hessians (Σh left 0)', null],
  ])('should equal the naive twin for all rows and for a subset (%s)', (_, hessians) => {
    expect(build(d, allRows, 0, nRows, hessians)).toEqual(naiveHistogram(d.binned, allRows, d.gradients, hessians));
    expect(build(d, d.rows, 0, d.rows.length, hessians)).toEqual(naiveHistogram(d.binned, d.rows, d.gradients, hessians));
  });

  it('should count every row once per feature, the missing ones in slot 255', () => {
    const hist = build(d, d.rows, 0, d.rows.length, d.hessians);
    for (let f = 0; f < nFeatures; f++) {
      let count = 0;
      for (let b = 0; b <= MISSING_BIN; b++) count += hist[f * FEATURE_STRIDE + b * GRADIENT_STATS + 2];
      expect(count).toBe(d.rows.length);
    }
    expect(hist[MISSING_BIN * GRADIENT_STATS + 2]).toBeGreaterThan(0);
  });
});

describe('histogram subtraction (parent − smaller child)', () => {
  it("should give the larger child's histogram exactly as a direct build does", () => {
    const d = makeNode(7);
    // The node's rows split in two ranges, as partitionRows leaves them.
    const rows = Uint32Array.from([...d.rows.filter((r) => d.binned[r] <= 12), ...d.rows.filter((r) => d.binned[r] > 12)]);
    const mid = d.rows.filter((r) => d.binned[r] <= 12).length;
    const parent = build(d, rows, 0, rows.length, d.hessians);
    const small = build(d, rows, 0, mid, d.hessians);
    subtractHistograms(parent, small, parent.length);
    expect(parent).toEqual(build(d, rows, mid, rows.length, d.hessians));
  });
});
