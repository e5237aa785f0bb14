import { describe, expect, it } from '@jest/globals';
import { createRng } from '../random/seeded-rng.js';
import { MISSING_BIN } from '../tree/layout.js';
import { GradientSplit, findGradientSplit, type SplitConstraints } from './find-gradient-split.js';
import { FEATURE_STRIDE, buildGradientHistograms, gradientHistogramLength } from './gradient-histogram.js';

const constraints: SplitConstraints = { l2Regularization: 0.5, minSamplesLeaf: 5, minHessianToSplit: 1e-3, constantHessian: 0 };

function allRows(n: number): Uint32Array {
  return Uint32Array.from({ length: n }, (_, i) => i);
}

function score(g: number, h: number, lambda: number): number {
  return (g * g) / (h + lambda);
}

/**
 * Naive twin: every feature, bin and missing side, each child summed from the rows themselves.
 * Returns the best [gain, feature, bin, missingLeft], first found on ties.
 */
function bruteForce(binned: Uint8Array, nRows: number, nBins: number[], g: Float64Array, h: Float64Array, c: SplitConstraints) {
  let best: [number, number, number, boolean] = [0, -1, 0, false];
  const G = g.reduce((a, b) => a + b, 0);
  const H = h.reduce((a, b) => a + b, 0);
  for (let f = 0; f < nBins.length; f++) {
    for (let bin = 0; bin < nBins[f]; bin++) {
      for (const isMissingLeft of [false, true]) {
        let gL = 0;
        let hL = 0;
        let nL = 0;
        for (let row = 0; row < nRows; row++) {
          const b = binned[f * nRows + row];
          if (b === MISSING_BIN ? isMissingLeft : b <= bin) {
            gL += g[row];
            hL += h[row];
            nL++;
          }
        }
        if (nL < c.minSamplesLeaf || nRows - nL < c.minSamplesLeaf) continue;
        const gain = score(gL, hL, c.l2Regularization) + score(G - gL, H - hL, c.l2Regularization) - score(G, H, c.l2Regularization);
        if (gain > best[0] + 1e-9) best = [gain, f, bin, isMissingLeft];
      }
    }
  }
  return best;
}

describe('findGradientSplit(hist, nBins, features, nFeatures, node, constraints, best)', () => {
  it.each([1, 2, 3, 4, 5])('should find the split of largest gain a brute-force search finds (seed %i)', (seed) => {
    const rng = createRng(seed);
    const nRows = 300;
    const nBins = [5, 30, 2];
    const binned = new Uint8Array(nRows * nBins.length);
    for (let f = 0; f < nBins.length; f++) {
      for (let row = 0; row < nRows; row++) binned[f * nRows + row] = rng.nextFloat() < 0.15 ? MISSING_BIN : rng.nextBelow(nBins[f]);
    }
    const g = Float64Array.from({ length: nRows }, (_, row) => (binned[nRows + row] === MISSING_BIN ? 1.5 : binned[nRows + row] / 10 - 1) + rng.nextFloat() - 0.5);
    const h = Float64Array.from({ length: nRows }, () => 0.1 + rng.nextFloat());
    const hist = new Float64Array(gradientHistogramLength(nBins.length));
    buildGradientHistograms(hist, binned, nRows, nBins.length, allRows(nRows), 0, nRows, g, h, new Float64Array(2 * nRows));
    const best = new GradientSplit();
    const node = { sumGradient: g.reduce((a, b) => a + b, 0), sumHessian: h.reduce((a, b) => a + b, 0), count: nRows };
    findGradientSplit(hist, Uint16Array.from(nBins), Int32Array.of(0, 1, 2), 3, node, constraints, best);
    const [gain, f, bin, isMissingLeft] = bruteForce(binned, nRows, nBins, g, h, constraints);
    expect(best.gain).toBeCloseTo(gain, 9);
    expect([best.featureIdx, best.binIdx, best.isMissingLeft]).toEqual([f, bin, isMissingLeft]);
  });

  it('should equal the formula on a hand-checkable node and refuse a split that leaves a child under minSamplesLeaf', () => {
    // One feature: 3 rows in bin 0 with g = -1, 2 rows in bin 1 with g = +2, hessians 1 (constant).
    const binned = Uint8Array.of(0, 0, 0, 1, 1);
    const g = Float64Array.of(-1, -1, -1, 2, 2);
    const hist = new Float64Array(gradientHistogramLength(1));
    buildGradientHistograms(hist, binned, 5, 1, allRows(5), 0, 5, g, null, new Float64Array(10));
    const node = { sumGradient: 1, sumHessian: 5, count: 5 };
    const best = new GradientSplit();
    const c = { l2Regularization: 1, minSamplesLeaf: 1, minHessianToSplit: 1e-3, constantHessian: 1 };
    findGradientSplit(hist, Uint16Array.of(2), Int32Array.of(0), 1, node, c, best);
    // gain = 3²/(3+1) + 4²/(2+1) − 1²/(5+1)
    expect(best.gain).toBeCloseTo(9 / 4 + 16 / 3 - 1 / 6, 12);
    expect([best.featureIdx, best.binIdx, best.countLeft, best.sumGradientLeft, best.sumHessianLeft]).toEqual([0, 0, 3, -3, 3]);
    // No missing rows in the node: NaN follows the child with more rows (left, 3 > 2).
    expect(best.isMissingLeft).toBe(true);
    findGradientSplit(hist, Uint16Array.of(2), Int32Array.of(0), 1, node, { ...c, minSamplesLeaf: 3 }, best);
    expect(best.featureIdx).toBe(-1);
  });

  it('should only scan the features listed', () => {
    const binned = Uint8Array.of(0, 0, 1, 1, 0, 1, 0, 1);
    const g = Float64Array.of(-1, -1, 1, 1);
    const hist = new Float64Array(gradientHistogramLength(2));
    buildGradientHistograms(hist, binned, 4, 2, allRows(4), 0, 4, g, null, new Float64Array(8));
    const best = new GradientSplit();
    const c = { ...constraints, minSamplesLeaf: 1, constantHessian: 1 };
    findGradientSplit(hist, Uint16Array.of(2, 2), Int32Array.of(1), 1, { sumGradient: 0, sumHessian: 4, count: 4 }, c, best);
    expect(best.featureIdx).toBe(-1);
    findGradientSplit(hist, Uint16Array.of(2, 2), Int32Array.of(0, 1), 2, { sumGradient: 0, sumHessian: 4, count: 4 }, c, best);
    expect(best.featureIdx).toBe(0);
    expect(hist[FEATURE_STRIDE + 2]).toBe(2);
  });
});
