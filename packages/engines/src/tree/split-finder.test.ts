import { describe, expect, it } from '@jest/globals';
import { createRng } from '../random/seeded-rng.js';
import { buildFeatureHistogram } from './histogram.js';
import { BIN_BITMAP_WORDS, MISSING_BIN, SplitInfo, statsLayoutFor, type Criterion, type TreeTarget } from './layout.js';
import { SplitFinder } from './split-finder.js';

const nRows = 120;
const nBinsPerFeature = [2, 7, 40, 255];
const nFeatures = nBinsPerFeature.length;

function makeNode(seed: number, criterion: Criterion) {
  const rng = createRng(seed);
  const binned = new Uint8Array(nRows * nFeatures);
  for (let f = 0; f < nFeatures; f++) {
    for (let row = 0; row < nRows; row++) {
      binned[f * nRows + row] = f > 0 && rng.nextFloat() < 0.15 ? MISSING_BIN : rng.nextBelow(nBinsPerFeature[f]);
    }
  }
  const weights = Float64Array.from({ length: nRows }, () => 1 + rng.nextBelow(3));
  // Targets depend a little on feature 2, so that some splits are clearly better than others.
  const classes = Int32Array.from({ length: nRows }, (_, row) => (binned[2 * nRows + row] < 20 ? rng.nextBelow(2) : rng.nextBelow(3)));
  const values = Float64Array.from({ length: nRows }, (_, row) => binned[nRows + row] + rng.nextFloat() * 5);
  const target: TreeTarget = criterion === 'squared_error' ? { kind: 'regression', values } : { kind: 'classification', classes, nClasses: 3 };
  return { binned, weights, target };
}

/** Weighted impurity × weight of a set of rows, computed from scratch. */
function weightedImpurity(rows: number[], node: ReturnType<typeof makeNode>, criterion: Criterion): number {
  const { target, weights } = node;
  let w = 0;
  if (target.kind === 'regression') {
    let sum = 0;
    for (const row of rows) {
      w += weights[row];
      sum += weights[row] * target.values[row];
    }
    const mean = sum / w;
    return rows.reduce((acc, row) => acc + weights[row] * (target.values[row] - mean) ** 2, 0);
  }
  const counts = [0, 0, 0];
  for (const row of rows) {
    counts[target.classes[row]] += weights[row];
    w += weights[row];
  }
  const impurity =
    criterion === 'gini'
      ? 1 - counts.reduce((acc, c) => acc + (c / w) ** 2, 0)
      : -counts.reduce((acc, c) => (c > 0 ? acc + (c / w) * Math.log(c / w) : acc), 0);
  return w * impurity;
}

/** Naive twin: every feature, threshold and missing side, impurity recomputed from the rows. */
function naiveBestSplit(node: ReturnType<typeof makeNode>, criterion: Criterion, minSamplesLeaf: number) {
  let best = { featureIdx: -1, binIdx: 0, isMissingLeft: false, decrease: -Infinity };
  const all = Array.from({ length: nRows }, (_, i) => i);
  for (let f = 0; f < nFeatures; f++) {
    const hasMissing = all.some((row) => node.binned[f * nRows + row] === MISSING_BIN);
    for (let binIdx = 0; binIdx < nBinsPerFeature[f]; binIdx++) {
      for (const isMissingLeft of hasMissing ? [false, true] : [false]) {
        const goesLeft = (row: number) => {
          const bin = node.binned[f * nRows + row];
          return bin === MISSING_BIN ? isMissingLeft : bin <= binIdx;
        };
        const left = all.filter(goesLeft);
        const right = all.filter((row) => !goesLeft(row));
        if (left.length < minSamplesLeaf || right.length < minSamplesLeaf) continue;
        const decrease = -(weightedImpurity(left, node, criterion) + weightedImpurity(right, node, criterion));
        if (decrease > best.decrease + 1e-9) best = { featureIdx: f, binIdx, isMissingLeft, decrease };
      }
    }
  }
  return best;
}

describe('SplitFinder.scanFeature(...)', () => {
  const cases: [Criterion, number, number][] = [
    ['gini', 1, 1],
    ['gini', 5, 2],
    ['entropy', 1, 3],
    ['squared_error', 1, 4],
    ['squared_error', 4, 5],
  ];

  it.each(cases)('should pick the split of the naive twin (%s, min_samples_leaf %i, seed %i)', (criterion, minSamplesLeaf, seed) => {
    const node = makeNode(seed, criterion);
    const layout = statsLayoutFor(node.target, minSamplesLeaf);
    const { nStats } = layout;
    const rows = Uint32Array.from({ length: nRows }, (_, i) => i);
    const finder = new SplitFinder(criterion, layout, minSamplesLeaf);
    const expected = naiveBestSplit(node, criterion, minSamplesLeaf);
    for (const isSparse of [false, true]) {
      const best = new SplitInfo(nStats);
      const nodeStats = new Float64Array(nStats);
      for (let f = 0; f < nFeatures; f++) {
        const touched = isSparse ? new Int32Array(BIN_BITMAP_WORDS) : null;
        const hist = new Float64Array((nBinsPerFeature[f] + 1) * nStats);
        buildFeatureHistogram(hist, 0, node.binned, f * nRows, nBinsPerFeature[f], rows, 0, nRows, node.target, node.weights, layout, touched);
        if (f === 0) {
          for (let i = 0; i < hist.length; i++) nodeStats[i % nStats] += hist[i];
        }
        expect(finder.scanFeature(hist, 0, f, nBinsPerFeature[f], nodeStats, 0, touched, best)).toBe(true);
      }
      expect({ featureIdx: best.featureIdx, binIdx: best.binIdx }).toEqual({ featureIdx: expected.featureIdx, binIdx: expected.binIdx });
      if (expected.featureIdx > 0) expect(best.isMissingLeft).toBe(expected.isMissingLeft);
      // leftStats must describe the left child of the chosen split.
      expect(best.leftStats[0]).toBeGreaterThan(0);
    }
  });

  it('should report a feature that takes one bin in the node as constant and leave best untouched', () => {
    const layout = statsLayoutFor({ kind: 'classification', classes: new Int32Array(0), nClasses: 2 }, 1);
    const finder = new SplitFinder('gini', layout, 1);
    const hist = Float64Array.from([0, 0, 3, 4, 0, 0, 0, 0]);
    const best = new SplitInfo(2);
    expect(finder.scanFeature(hist, 0, 0, 3, Float64Array.from([3, 4]), 0, null, best)).toBe(false);
    expect(best.featureIdx).toBe(-1);
  });

  it('should send missing values to the heavier child when the node has none', () => {
    const layout = statsLayoutFor({ kind: 'classification', classes: new Int32Array(0), nClasses: 2 }, 1);
    const finder = new SplitFinder('gini', layout, 1);
    // Bin 0: 1 row of class 0; bin 1: 5 rows of class 1; no missing.
    const hist = Float64Array.from([1, 0, 0, 5, 0, 0]);
    const best = new SplitInfo(2);
    finder.scanFeature(hist, 0, 0, 2, Float64Array.from([1, 5]), 0, null, best);
    expect(best.binIdx).toBe(0);
    expect(best.isMissingLeft).toBe(false);
    expect(Array.from(best.leftStats)).toEqual([1, 0]);
  });
});
