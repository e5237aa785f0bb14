import { describe, expect, it } from '@jest/globals';
import type { FlatForest } from '../forest/flat-forest.js';
import { deserializeForest, serializeForest } from '../forest/serialize-forest.js';
import { trainForestSync } from '../forest/train-forest.js';
import { makeBlobs } from '../testing/synthetic-data.js';
import { validateForest } from './validate-forest.js';

/**
 * Two trees over 2 features and 3 classes: tree 0 splits node 0 on feature 0 at 0.5 into leaves 1
 * and 2; tree 1 is the single leaf 3.
 */
function makeForest(): FlatForest {
  return {
    task: 'classification',
    nFeatures: 2,
    nOutputs: 3,
    nTrees: 2,
    nNodes: 4,
    feature: Int32Array.of(0, -1, -1, -1),
    threshold: Float64Array.of(0.5, 0, 0, 0),
    missingLeft: Uint8Array.of(1, 0, 0, 0),
    left: Uint32Array.of(1, 0, 0, 0),
    right: Uint32Array.of(2, 0, 0, 0),
    value: Float64Array.of(0.4, 0.3, 0.3, 1, 0, 0, 0, 0.5, 0.5, 0.2, 0.2, 0.6),
    treeRoot: Uint32Array.of(0, 3),
  };
}

function makeRegressor(): FlatForest {
  return { ...makeForest(), task: 'regression', nOutputs: 1, value: Float64Array.of(2, 1, 3, 2.5) };
}

describe('validateForest(forest)', () => {
  it('should accept a well-formed forest, hand-made or trained, and its round trip', () => {
    expect(() => validateForest(makeForest())).not.toThrow();
    expect(() => validateForest(makeRegressor())).not.toThrow();
    // A split at a last bin's upper edge sends every present value left.
    const atLastEdge = makeForest();
    atLastEdge.threshold[0] = Number.POSITIVE_INFINITY;
    expect(() => validateForest(atLastEdge)).not.toThrow();
    const d = makeBlobs(300, 3, 3, 5, { separation: 0.7, missingRate: 0.05 });
    const trained = trainForestSync(d.X, 300, 3, d.y, { nEstimators: 4, seed: 1 });
    expect(() => validateForest(trained)).not.toThrow();
    expect(deserializeForest(serializeForest(trained))).toEqual(trained);
  });

  it.each<[string, (forest: FlatForest) => void, RegExp]>([
    ['a NaN threshold', (f) => (f.threshold[0] = Number.NaN), /node 0 has threshold NaN/],
    ['a threshold of -Infinity', (f) => (f.threshold[0] = Number.NEGATIVE_INFINITY), /node 0 has threshold -Infinity/],
    ['a split feature past nFeatures', (f) => (f.feature[0] = 2), /node 0 splits on feature 2, outside \[0, 2\)/],
    ['a negative feature other than the leaf mark', (f) => (f.feature[0] = -2), /node 0 splits on feature -2/],
    ['an infinite leaf frequency', (f) => (f.value[3] = Number.POSITIVE_INFINITY), /leaf 1 has frequency Infinity for class 0/],
    ['a NaN leaf frequency', (f) => (f.value[4] = Number.NaN), /leaf 1 has frequency NaN for class 1/],
    ['a vote past the class count (frequency above 1)', (f) => f.value.set([0, 0, 2], 3), /leaf 1 has frequency 2 for class 2/],
    ['leaf frequencies that do not sum to 1', (f) => f.value.set([0.5, 0.1, 0.1], 3), /leaf 1 has class frequencies summing to 0\.7/],
    ['a missingLeft that is not 0 or 1', (f) => (f.missingLeft[0] = 7), /node 0 has missingLeft 7/],
  ])('should refuse %s with a RangeError naming it', (_label, damage, message) => {
    const forest = makeForest();
    damage(forest);
    expect(() => validateForest(forest)).toThrow(RangeError);
    expect(() => validateForest(forest)).toThrow(message);
  });

  it.each<[string, (forest: FlatForest) => void, RegExp]>([
    ['a child link back to itself (a cycle)', (f) => f.left.set([0]), /node 0 has an invalid child link/],
    ['children that are not adjacent', (f) => f.right.set([3]), /node 0 has an invalid child link/],
    ['a child in the next tree', (f) => (f.left[0] = 2, f.right[0] = 3), /node 0 has an invalid child link/],
    ['a tree root past the nodes', (f) => (f.treeRoot[1] = 9), /tree 0 spans nodes/],
    ['trees out of order', (f) => (f.treeRoot[0] = 3, f.treeRoot[1] = 0), /tree 0 spans nodes/],
    ['one output for a classifier', (f) => (f.nOutputs = 1), /classification forest has at least 2 outputs/],
    ['arrays shorter than nNodes', (f) => (f.threshold = f.threshold.subarray(0, 3)), /threshold has 3 entries for 4 nodes/],
  ])('should refuse %s with a TypeError', (_label, damage, message) => {
    const forest = makeForest();
    damage(forest);
    expect(() => validateForest(forest)).toThrow(TypeError);
    expect(() => validateForest(forest)).toThrow(message);
  });

  it('should refuse an infinite or NaN regression leaf', () => {
    const forest = makeRegressor();
    forest.value[2] = Number.NEGATIVE_INFINITY;
    expect(() => validateForest(forest)).toThrow(/leaf 2 has value -Infinity/);
    forest.value[2] = Number.NaN;
    expect(() => validateForest(forest)).toThrow(/leaf 2 has value NaN/);
  });

  it('should be what deserializeForest runs, so a crafted file never loads', () => {
    const forest = makeForest();
    forest.threshold[0] = Number.NaN;
    expect(() => deserializeForest(serializeForest(forest))).toThrow(/node 0 has threshold NaN/);
  });
});
