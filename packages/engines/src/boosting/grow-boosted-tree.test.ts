import { describe, expect, it } from '@jest/globals';
import { fitBinEdges } from '../binning/fit-bin-edges.js';
import { mapToBins } from '../binning/map-to-bins.js';
import { createRng } from '../random/seeded-rng.js';
import { gaussian } from '../testing/synthetic-data.js';
import type { BinnedMatrix } from '../tree/layout.js';
import { BoostedTreeGrower, type BoostedTree, type GrowerSettings } from './grow-boosted-tree.js';

const SETTINGS: GrowerSettings = {
  learningRate: 0.1,
  maxLeafNodes: 31,
  maxDepth: Infinity,
  minSamplesLeaf: 20,
  l2Regularization: 0,
  minHessianToSplit: 1e-3,
  constantHessian: 1,
  nFeaturesPerSplit: 4,
};

function binnedGaussians(nRows: number, nFeatures: number, seed: number, missingRate = 0): { data: BinnedMatrix; X: Float64Array } {
  const rng = createRng(seed);
  const X = Float64Array.from({ length: nRows * nFeatures }, () => (rng.nextFloat() < missingRate ? NaN : gaussian(rng)));
  const edges = fitBinEdges(X, nRows, nFeatures, createRng(0));
  return { data: { binned: mapToBins(X, nRows, edges), nRows, nFeatures, edges }, X };
}

/** Leaf ids of a tree and each node's depth, walked from the root. */
function leavesAndDepths(tree: BoostedTree): { leaves: number[]; depth: number[] } {
  const depth = new Array<number>(tree.nNodes).fill(0);
  const leaves: number[] = [];
  for (let node = 0; node < tree.nNodes; node++) {
    if (tree.feature[node] < 0) leaves.push(node);
    else depth[tree.left[node]] = depth[tree.right[node]] = depth[node] + 1;
  }
  return { leaves, depth };
}

describe('BoostedTreeGrower', () => {
  const nRows = 2_000;
  const { data, X } = binnedGaussians(nRows, 4, 1);
  // A target with structure on two features, as squared-error gradients around 0.
  const gradients = Float64Array.from({ length: nRows }, (_, row) => -(Math.sin(2 * X[row]) + (X[nRows + row] > 0.5 ? 1 : 0)));

  describe('.grow(gradients, hessians, rng)', () => {
    it('should stop at maxLeafNodes leaves, each holding at least minSamplesLeaf rows (its cover)', () => {
      for (const [maxLeafNodes, minSamplesLeaf] of [[31, 20], [8, 150], [200, 5]]) {
        const tree = new BoostedTreeGrower(data, { ...SETTINGS, maxLeafNodes, minSamplesLeaf }).grow(gradients, null, createRng(0));
        const { leaves } = leavesAndDepths(tree);
        expect(leaves.length).toBeLessThanOrEqual(maxLeafNodes);
        expect(leaves.length).toBeGreaterThan(1);
        for (const leaf of leaves) expect(tree.cover[leaf]).toBeGreaterThanOrEqual(minSamplesLeaf);
      }
    });

    it("should give every split a positive gain, children covering their parent's rows, and respect maxDepth", () => {
      const tree = new BoostedTreeGrower(data, { ...SETTINGS, maxDepth: 3 }).grow(gradients, null, createRng(0));
      const { leaves, depth } = leavesAndDepths(tree);
      expect(tree.cover[0]).toBe(nRows);
      for (let node = 0; node < tree.nNodes; node++) {
        if (tree.feature[node] < 0) continue;
        expect(tree.gain[node]).toBeGreaterThan(0);
        expect(tree.right[node]).toBe(tree.left[node] + 1);
        expect(tree.cover[tree.left[node]] + tree.cover[tree.right[node]]).toBe(tree.cover[node]);
      }
      expect(Math.max(...leaves.map((leaf) => depth[leaf]))).toBe(3);
    });

    it('should grow a stump whose two leaves equal −learningRate × G/(H+λ) of their rows (one feature, hand-checkable)', () => {
      // x in {0, 1}; rows with x = 0 have gradient −2, rows with x = 1 gradient +1; hessians 0.5.
      const n = 60;
      const x = Float64Array.from({ length: n }, (_, row) => (row < 40 ? 0 : 1));
      const edges = fitBinEdges(x, n, 1, createRng(0));
      const stumpData = { binned: mapToBins(x, n, edges), nRows: n, nFeatures: 1, edges };
      const g = Float64Array.from(x, (v) => (v === 0 ? -2 : 1));
      const h = new Float64Array(n).fill(0.5);
      const settings = { ...SETTINGS, learningRate: 0.3, l2Regularization: 2, minSamplesLeaf: 1, constantHessian: 0, nFeaturesPerSplit: 1 };
      const tree = new BoostedTreeGrower(stumpData, settings).grow(g, h, createRng(0));
      expect(tree.nNodes).toBe(3);
      expect([tree.feature[0], tree.threshold[0], tree.binThreshold[0]]).toEqual([0, 0.5, 0]);
      const eps = Number.EPSILON;
      expect(tree.value[1]).toBeCloseTo((-0.3 * -80) / (20 + 2 + eps), 14);
      expect(tree.value[2]).toBeCloseTo((-0.3 * 20) / (10 + 2 + eps), 14);
      expect(tree.gain[0]).toBeCloseTo(80 ** 2 / 22 + 20 ** 2 / 12 - 60 ** 2 / 32, 10);
      expect(Array.from(tree.cover)).toEqual([60, 40, 20]);
    });

    it('should send missing values to the side the split learned, and rows reach the leaves addToRaw credits', () => {
      const missing = binnedGaussians(1_000, 2, 4, 0.2);
      // Rows with feature 0 missing have a large positive gradient: the first split isolates them.
      const g = Float64Array.from({ length: 1_000 }, (_, row) => (Number.isNaN(missing.X[row]) ? 3 : -1));
      const grower = new BoostedTreeGrower(missing.data, { ...SETTINGS, maxLeafNodes: 2, nFeaturesPerSplit: 2 });
      const tree = grower.grow(g, null, createRng(0));
      expect(tree.feature[0]).toBe(0);
      const missingChild = tree.missingLeft[0] === 1 ? tree.left[0] : tree.right[0];
      expect(tree.value[missingChild]).toBeLessThan(0);
      const raw = new Float64Array(1_000);
      grower.addToRaw(tree, raw);
      for (let row = 0; row < 1_000; row++) {
        if (Number.isNaN(missing.X[row])) expect(raw[row]).toBe(tree.value[missingChild]);
      }
    });

    it('should draw the same features for the same generator and fewer than all when sampling', () => {
      const grower = new BoostedTreeGrower(data, { ...SETTINGS, nFeaturesPerSplit: 1 });
      const a = grower.grow(gradients, null, createRng(5));
      const b = grower.grow(gradients, null, createRng(5));
      expect(b).toEqual(a);
      const all = new BoostedTreeGrower(data, SETTINGS).grow(gradients, null, createRng(5));
      expect(a).not.toEqual(all);
    });
  });
});
