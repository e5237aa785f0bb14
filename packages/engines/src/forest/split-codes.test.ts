import { describe, expect, it } from '@jest/globals';
import { createRng } from '../random/seeded-rng.js';
import { makeBlobs } from '../testing/synthetic-data.js';
import type { FlatForest } from './flat-forest.js';
import { predictForestProba } from './predict-forest.js';
import { addTreeLeavesByCode, buildSplitCodes, encodeBlock, listRowsByCompleteness, type SplitCodes } from './split-codes.js';
import { trainForestSync } from './train-forest.js';

/** Naive twin of the integer walk: one row, one tree, raw values and the forest's own arrays. */
function naiveLeaf(forest: FlatForest, root: number, row: ArrayLike<number>): number {
  let node = root;
  while (forest.feature[node] !== -1) node = row[forest.feature[node]] <= forest.threshold[node] ? forest.left[node] : forest.right[node];
  return node;
}

/** A one-tree classification forest: a chain of splits on feature 0 at the given thresholds (right child a leaf). */
function chainForest(thresholds: number[]): FlatForest {
  const nNodes = 2 * thresholds.length + 1;
  const forest: FlatForest = {
    task: 'classification',
    nFeatures: 1,
    nOutputs: 2,
    nTrees: 1,
    nNodes,
    feature: new Int32Array(nNodes).fill(-1),
    threshold: new Float64Array(nNodes),
    missingLeft: new Uint8Array(nNodes),
    left: new Uint32Array(nNodes),
    right: new Uint32Array(nNodes),
    value: new Float64Array(nNodes * 2),
    treeRoot: Uint32Array.of(0),
  };
  thresholds.forEach((threshold, i) => {
    // Split i's children are adjacent, as the walk needs: the next split (its left) and a leaf (its right).
    const node = i === 0 ? 0 : 2 * i - 1;
    const leftChild = 2 * i + 1;
    forest.feature[node] = 0;
    forest.threshold[node] = threshold;
    forest.left[node] = leftChild;
    forest.right[node] = leftChild + 1;
    forest.value[(leftChild + 1) * 2] = i;
    forest.value[(leftChild + 1) * 2 + 1] = 1;
  });
  return forest;
}

function codesOf(forest: FlatForest): SplitCodes {
  const codes = buildSplitCodes(forest);
  if (codes === null) throw new Error('expected split codes');
  return codes;
}

describe('buildSplitCodes(forest) and encodeBlock(...)', () => {
  const d = makeBlobs(600, 4, 2, 7, { separation: 0.5 });
  const forest = trainForestSync(d.X, 600, 4, d.y, { nEstimators: 5, seed: 2 });
  const codes = codesOf(forest);

  it('should order codes as the raw values: code(x) <= code(split) exactly when x <= threshold, ties and infinities included', () => {
    const probes = [-Infinity, Infinity, 0, -0, 1e308, -1e308];
    for (let node = 0; node < forest.nNodes; node++) {
      const t = forest.threshold[node];
      if (forest.feature[node] >= 0) probes.push(t, t + Math.abs(t) * 1e-15 + 1e-300, t - Math.abs(t) * 1e-15 - 1e-300);
    }
    // Every probe in every column, so one encoding serves every split.
    const X = new Float64Array(probes.length * 4);
    for (let f = 0; f < 4; f++) X.set(probes, f * probes.length);
    const encoded = new Uint8Array(probes.length * 4);
    expect(encodeBlock(codes, X, 'column-major', probes.length, 0, probes.length, encoded)).toBe(true);
    const disagreements: string[] = [];
    for (let node = 0; node < forest.nNodes; node++) {
      const featureIdx = forest.feature[node];
      if (featureIdx < 0) continue;
      const splitCode = codes.split[node] & 255;
      probes.forEach((x, r) => {
        if (encoded[r * 4 + featureIdx] <= splitCode !== x <= forest.threshold[node]) disagreements.push(`node ${node}, x ${x}`);
      });
    }
    expect(disagreements).toEqual([]);
    expect(probes.length).toBeGreaterThan(100);
  });

  it('should encode a row-major matrix as its column-major twin, and report a block with NaN', () => {
    const rowMajor = Float64Array.from({ length: 600 * 4 }, (_, i) => d.X[(i % 4) * 600 + Math.floor(i / 4)]);
    const a = new Uint8Array(100 * 4);
    const b = new Uint8Array(100 * 4);
    encodeBlock(codes, d.X, 'column-major', 600, 250, 100, a);
    encodeBlock(codes, rowMajor, 'row-major', 600, 250, 100, b);
    expect(b).toEqual(a);
    const withNaN = d.X.slice();
    withNaN[2 * 600 + 300] = NaN;
    expect(encodeBlock(codes, withNaN, 'column-major', 600, 250, 100, a)).toBe(false);
    expect(encodeBlock(codes, withNaN, 'column-major', 600, 0, 100, a)).toBe(true);
  });

  it('should list the rows without NaN first, then those with one, each in row order', () => {
    const X = Float64Array.of(1, NaN, 3, 4, 5, /* feature 2 */ 1, 2, 3, NaN, 5);
    const encoded = new Uint8Array(5 * 2);
    const oneFeature = codesOf(chainForest([2]));
    const twoFeatures: SplitCodes = { ...oneFeature, edges: [oneFeature.edges[0], oneFeature.edges[0]] };
    expect(encodeBlock(twoFeatures, X, 'column-major', 5, 0, 5, encoded)).toBe(false);
    const order = new Int32Array(5);
    expect(listRowsByCompleteness(encoded, 5, 2, order)).toBe(3);
    expect([...order]).toEqual([0, 2, 4, 1, 3]);
  });

  it('should give null for a feature with more than 254 distinct thresholds, and 255 codes at 254', () => {
    const many = Array.from({ length: 255 }, (_, i) => 255 - i);
    expect(buildSplitCodes(chainForest(many))).toBeNull();
    const codes254 = codesOf(chainForest(many.slice(1)));
    const encoded = new Uint8Array(3);
    encodeBlock(codes254, Float64Array.of(0, 254, 1000), 'column-major', 3, 0, 3, encoded);
    expect([...encoded]).toEqual([0, 253, 254]);
  });
});

describe('addTreeLeavesByCode(codes, root, rows, nBlock, value, nOutputs, out, firstRow)', () => {
  const rng = createRng(4);
  const d = makeBlobs(900, 6, 3, 9, { separation: 0.4 });
  const forest = trainForestSync(d.X, 900, 6, d.y, { nEstimators: 4, seed: 8 });
  const codes = codesOf(forest);

  it.each([1, 2, 3, 7, 8, 9, 15, 17])('should reach the naive walk’s leaf for every one of %i rows (groups of eight and the rest)', (nBlock) => {
    const first = Math.floor(rng.nextFloat() * (900 - nBlock));
    const encoded = new Uint8Array(nBlock * 6);
    const inOrder = Int32Array.from({ length: nBlock }, (_, r) => r);
    encodeBlock(codes, d.X, 'column-major', 900, first, nBlock, encoded);
    for (let t = 0; t < forest.nTrees; t++) {
      // One-hot leaf values make the sum name the leaf each row reached.
      const value = new Float64Array(forest.nNodes);
      const out = new Float64Array((first + nBlock) * 1);
      for (let r = 0; r < nBlock; r++) {
        const row = Array.from({ length: 6 }, (_, f) => d.X[f * 900 + first + r]);
        value.fill(0);
        const leaf = naiveLeaf(forest, forest.treeRoot[t], row);
        value[leaf] = 1;
        out.fill(0);
        addTreeLeavesByCode(codes, forest.treeRoot[t], encoded, inOrder, nBlock, value, 1, out, first);
        expect(out[first + r]).toBe(1);
      }
    }
  });
});

describe('predictForestProba on a forest without split codes', () => {
  it('should walk raw values and still agree with the naive walk', () => {
    const forest = chainForest(Array.from({ length: 300 }, (_, i) => 300 - i));
    const X = Float64Array.from({ length: 50 }, (_, i) => i * 7 - 20);
    const proba = predictForestProba(forest, X, 50);
    X.forEach((x, row) => {
      const leaf = naiveLeaf(forest, 0, [x]);
      expect([proba[row * 2], proba[row * 2 + 1]]).toEqual([forest.value[leaf * 2], forest.value[leaf * 2 + 1]]);
    });
  });
});
