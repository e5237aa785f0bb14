import { describe, expect, it } from '@jest/globals';
import { fitBinEdges } from '../binning/fit-bin-edges.js';
import { mapToBins } from '../binning/map-to-bins.js';
import { drawBootstrapWeights } from '../forest/bootstrap.js';
import { createRng } from '../random/seeded-rng.js';
import { makeBlobs } from '../testing/synthetic-data.js';
import type { FlatTree } from './flat-tree.js';
import { growTree } from './grower.js';
import { MISSING_BIN, type BinnedMatrix, type GrowerOptions, type TreeTarget } from './layout.js';

const fullGrowth: GrowerOptions = {
  criterion: 'gini',
  maxFeatures: 4,
  maxDepth: Infinity,
  minSamplesSplit: 2,
  minSamplesLeaf: 1,
  histogramStrategy: 'sampled',
};

function setUp(nRows: number, missingRate = 0) {
  const d = makeBlobs(nRows, 4, 3, 21, { separation: 0.8, missingRate });
  const edges = fitBinEdges(d.X, nRows, 4, createRng(0));
  const data: BinnedMatrix = { binned: mapToBins(d.X, nRows, edges), nRows, nFeatures: 4, edges };
  const target: TreeTarget = { kind: 'classification', classes: Int32Array.from(d.y), nClasses: 3 };
  return { d, data, target, ones: new Float64Array(nRows).fill(1) };
}

/** Leaf reached by raw row `row` (thresholds in raw units, NaN to the stored side), and its depth. */
function walkRaw(tree: FlatTree, X: Float64Array, nRows: number, row: number): { leaf: number; depth: number } {
  let node = 0;
  let depth = 0;
  while (tree.feature[node] >= 0) {
    const x = X[tree.feature[node] * nRows + row];
    node = x <= tree.threshold[node] || (Number.isNaN(x) && tree.missingLeft[node] === 1) ? tree.left[node] : tree.right[node];
    depth++;
  }
  return { leaf: node, depth };
}

/** Naive twin of the grower's routing: bins compared with the bin whose upper edge is the threshold. */
function walkBinned(tree: FlatTree, data: BinnedMatrix, row: number): number {
  let node = 0;
  while (tree.feature[node] >= 0) {
    const f = tree.feature[node];
    const first = data.edges.binOffsets[f];
    let binIdx = 0;
    while (data.edges.binUpper[first + binIdx] !== tree.threshold[node]) binIdx++;
    const bin = data.binned[f * data.nRows + row];
    node = bin === MISSING_BIN ? (tree.missingLeft[node] === 1 ? tree.left[node] : tree.right[node]) : bin <= binIdx ? tree.left[node] : tree.right[node];
  }
  return node;
}

describe('growTree(data, target, weights, options, rng)', () => {
  it('should route every row to the same leaf from raw values as from bins, missing values included', () => {
    const { d, data, target } = setUp(3_000, 0.1);
    const rng = createRng(3);
    const tree = growTree(data, target, drawBootstrapWeights(3_000, rng), { ...fullGrowth, maxFeatures: 2 }, rng);
    expect(tree.nNodes).toBeGreaterThan(100);
    for (let row = 0; row < 3_000; row++) expect(walkRaw(tree, d.X, 3_000, row).leaf).toBe(walkBinned(tree, data, row));
  });

  it('should fit distinct training rows exactly when grown to pure leaves', () => {
    const { d, data, target, ones } = setUp(200);
    const tree = growTree(data, target, ones, fullGrowth, createRng(1));
    for (let row = 0; row < 200; row++) {
      const { leaf } = walkRaw(tree, d.X, 200, row);
      expect(tree.value[leaf * 3 + d.y[row]]).toBe(1);
    }
  });

  it('should fit regression targets exactly when every row has its own bins', () => {
    const { d, data, ones } = setUp(200);
    const values = Float64Array.from({ length: 200 }, (_, row) => d.X[row] * 3 + d.y[row]);
    const tree = growTree(data, { kind: 'regression', values }, ones, { ...fullGrowth, criterion: 'squared_error', histogramStrategy: 'subtract' }, createRng(1));
    for (let row = 0; row < 200; row++) expect(tree.value[walkRaw(tree, d.X, 200, row).leaf]).toBeCloseTo(values[row], 9);
  });

  it('should stop at maxDepth', () => {
    const { d, data, target, ones } = setUp(2_000);
    const tree = growTree(data, target, ones, { ...fullGrowth, maxDepth: 3 }, createRng(1));
    const depths = Array.from({ length: 2_000 }, (_, row) => walkRaw(tree, d.X, 2_000, row).depth);
    expect(Math.max(...depths)).toBe(3);
  });

  it('should keep at least minSamplesLeaf distinct rows in every leaf', () => {
    const { d, data, target } = setUp(2_000);
    const rng = createRng(2);
    const weights = drawBootstrapWeights(2_000, rng);
    const tree = growTree(data, target, weights, { ...fullGrowth, minSamplesLeaf: 7 }, rng);
    const rowsPerLeaf = new Map<number, number>();
    for (let row = 0; row < 2_000; row++) {
      if (weights[row] === 0) continue;
      const { leaf } = walkRaw(tree, d.X, 2_000, row);
      rowsPerLeaf.set(leaf, (rowsPerLeaf.get(leaf) ?? 0) + 1);
    }
    expect(Math.min(...rowsPerLeaf.values())).toBe(7);
  });

  it('should grow the same tree from sampled histograms as from sibling subtraction', () => {
    const { data, target } = setUp(5_000, 0.05);
    const weights = drawBootstrapWeights(5_000, createRng(9));
    const sampled = growTree(data, target, weights, fullGrowth, createRng(4));
    const subtracted = growTree(data, target, weights, { ...fullGrowth, histogramStrategy: 'subtract' }, createRng(4));
    expect(subtracted).toEqual(sampled);
    const entropy = growTree(data, target, weights, { ...fullGrowth, criterion: 'entropy' }, createRng(4));
    expect(entropy).not.toEqual(sampled);
  });
});
