import { describe, expect, it } from '@jest/globals';
import { createRng } from '../random/seeded-rng.js';
import { accuracy, gaussian, makeBlobs, rocAuc, sliceRows } from '../testing/synthetic-data.js';
import { predictForestProba, predictForestValue } from './predict-forest.js';
import { trainForest, trainForestSync } from './train-forest.js';

/**
 * scikit-learn 1.2.1 on the same rows (makeBlobs dumped to CSV): RandomForestClassifier(n_estimators
 * as below, random_state=1) and make_pipeline(StandardScaler(), LogisticRegression()), held-out scores.
 */
const SKLEARN_REFERENCE = {
  irisLike: { forestAccuracy: 0.9267, logisticAccuracy: 0.94 },
  imbalanced: { forestAuc: 0.9321, logisticAuc: 0.9512 },
};

function split(nRows: number, nFeatures: number, X: Float64Array, nTrain: number) {
  return { train: sliceRows(X, nRows, nFeatures, 0, nTrain), test: sliceRows(X, nRows, nFeatures, nTrain, nRows) };
}

describe('trainForestSync(X, nRows, nFeatures, y, options)', () => {
  it('should classify iris-like 3-class blobs as well as scikit-learn (held-out accuracy)', () => {
    const d = makeBlobs(600, 4, 3, 5, { separation: 2.5 });
    const { train, test } = split(600, 4, d.X, 450);
    const forest = trainForestSync(train, 450, 4, d.y.subarray(0, 450), { nEstimators: 50, seed: 1 });
    expect(forest.nTrees).toBe(50);
    const score = accuracy(predictForestProba(forest, test, 150), d.y.subarray(450), 3);
    expect(score).toBeGreaterThan(SKLEARN_REFERENCE.irisLike.forestAccuracy - 0.03);
  });

  it.each([
    ['complete', 0, SKLEARN_REFERENCE.imbalanced.forestAuc - 0.02],
    // scikit-learn 1.2 forests take no NaN, so with 10% missing cells only a floor applies.
    ['10% missing', 0.1, 0.85],
  ])('should rank an imbalanced binary set (%s) by held-out ROC AUC', (_, missingRate, floor) => {
    const d = makeBlobs(4_000, 8, 2, 6, { separation: 0.5, weights: [0.9, 0.1], missingRate });
    const { train, test } = split(4_000, 8, d.X, 3_000);
    const forest = trainForestSync(train, 3_000, 8, d.y.subarray(0, 3_000), { nEstimators: 60, seed: 2 });
    const proba = predictForestProba(forest, test, 1_000);
    const scores = Array.from({ length: 1_000 }, (_, row) => proba[row * 2 + 1]);
    expect(rocAuc(scores, d.y.subarray(3_000))).toBeGreaterThan(floor);
  });

  it('should fit a smooth regression target (held-out R² with all features per split)', () => {
    const rng = createRng(4);
    const nRows = 3_000;
    const X = Float64Array.from({ length: nRows * 3 }, () => rng.nextFloat() * 4 - 2);
    const y = Float64Array.from({ length: nRows }, (_, r) => Math.sin(2 * X[r]) + X[nRows + r] ** 2 + 0.1 * gaussian(rng));
    const { train, test } = split(nRows, 3, X, 2_000);
    const forest = trainForestSync(train, 2_000, 3, y.subarray(0, 2_000), { nEstimators: 30, seed: 3 });
    const predicted = predictForestValue(forest, test, 1_000);
    let sse = 0;
    let sst = 0;
    let mean = 0;
    for (let r = 0; r < 1_000; r++) mean += y[2_000 + r] / 1_000;
    for (let r = 0; r < 1_000; r++) {
      sse += (predicted[r] - y[2_000 + r]) ** 2;
      sst += (y[2_000 + r] - mean) ** 2;
    }
    expect(1 - sse / sst).toBeGreaterThan(0.9);
  });

  it('should honour maxDepth, bootstrap: false and entropy', () => {
    const d = makeBlobs(500, 4, 2, 7);
    const stump = trainForestSync(d.X, 500, 4, d.y, { nEstimators: 5, maxDepth: 1, bootstrap: false, criterion: 'entropy' });
    expect(stump.nNodes).toBe(15);
  });

  it('should call onTreeGrown after each tree with the count so far, and grow the same forest', () => {
    const d = makeBlobs(300, 4, 2, 9);
    const calls: Array<[number, number]> = [];
    const watched = trainForestSync(d.X, 300, 4, d.y, { nEstimators: 4, seed: 5, onTreeGrown: (nGrown, nTrees) => calls.push([nGrown, nTrees]) });
    expect(calls).toEqual([[1, 4], [2, 4], [3, 4], [4, 4]]);
    expect(watched).toEqual(trainForestSync(d.X, 300, 4, d.y, { nEstimators: 4, seed: 5 }));
  });

  it.each([
    ['a Float32Array X', () => trainForestSync(new Float32Array(4) as unknown as Float64Array, 2, 2, Uint8Array.of(0, 1)), TypeError],
    ['a wrong X length', () => trainForestSync(new Float64Array(3), 2, 2, Uint8Array.of(0, 1)), RangeError],
    ['an infinite value', () => trainForestSync(Float64Array.of(1, Infinity), 2, 1, Uint8Array.of(0, 1)), RangeError],
    ['a class index >= nClasses', () => trainForestSync(Float64Array.of(1, 2), 2, 1, Uint8Array.of(0, 2), { nClasses: 2 }), RangeError],
    ['a single class', () => trainForestSync(Float64Array.of(1, 2), 2, 1, Uint8Array.of(0, 0)), RangeError],
    ['a NaN regression target', () => trainForestSync(Float64Array.of(1, 2), 2, 1, Float64Array.of(0, NaN)), RangeError],
    ['a regression criterion for classes', () => trainForestSync(Float64Array.of(1, 2), 2, 1, Uint8Array.of(0, 1), { criterion: 'squared_error' }), RangeError],
    ['too many maxFeatures', () => trainForestSync(Float64Array.of(1, 2), 2, 1, Uint8Array.of(0, 1), { maxFeatures: 3 }), RangeError],
    ['minSamplesSplit 1', () => trainForestSync(Float64Array.of(1, 2), 2, 1, Uint8Array.of(0, 1), { minSamplesSplit: 1 }), RangeError],
  ])('should reject %s', (_, train, errorType) => {
    expect(train).toThrow(errorType);
  });
});

describe('trainForest(X, nRows, nFeatures, y, options)', () => {
  const d = makeBlobs(1_500, 6, 3, 8, { separation: 0.7, missingRate: 0.05 });
  const options = { nEstimators: 7, seed: 11, maxFeatures: 'sqrt' as const };

  it('should grow the same forest with 1 worker, 2 workers and in this thread', async () => {
    const one = await trainForest(d.X, 1_500, 6, d.y, { ...options, nJobs: 1 });
    const two = await trainForest(d.X, 1_500, 6, d.y, { ...options, nJobs: 2 });
    const sync = trainForestSync(d.X, 1_500, 6, d.y, options);
    expect(two).toEqual(one);
    expect(sync).toEqual(one);
    expect(one.nTrees).toBe(7);
  });

  it('should grow a different forest for another seed', async () => {
    const a = await trainForest(d.X, 1_500, 6, d.y, { ...options, nJobs: 2 });
    const b = await trainForest(d.X, 1_500, 6, d.y, { ...options, nJobs: 2, seed: 12 });
    expect(b.threshold).not.toEqual(a.threshold);
  });

  it('should call onTreeGrown once per tree, counting up to nEstimators, in this thread', async () => {
    const counts: number[] = [];
    const forest = await trainForest(d.X, 1_500, 6, d.y, { ...options, nJobs: 2, onTreeGrown: (nGrown, nTrees) => counts.push(nGrown / nTrees) });
    expect(counts).toEqual([1, 2, 3, 4, 5, 6, 7].map((n) => n / 7));
    expect(forest.nTrees).toBe(7);
  });

  it('should reject with the error onTreeGrown throws', async () => {
    const fail = () => {
      throw new Error('stop');
    };
    await expect(trainForest(d.X, 1_500, 6, d.y, { ...options, nJobs: 1, onTreeGrown: fail })).rejects.toThrow('stop');
  });

  it('should reject nJobs 0 before starting any worker', async () => {
    await expect(trainForest(d.X, 1_500, 6, d.y, { nJobs: 0 })).rejects.toThrow(RangeError);
  });
});

describe('trainForestSync(…, { sampleWeight })', () => {
  const d = makeBlobs(2_000, 4, 2, 13, { separation: 0.4, weights: [0.9, 0.1] });
  const options = { nEstimators: 15, seed: 3, minSamplesLeaf: 5 };
  const minorityShare = (sampleWeight?: Float64Array) => {
    const forest = trainForestSync(d.X, 2_000, 4, d.y, { ...options, sampleWeight });
    const proba = predictForestProba(forest, d.X, 2_000);
    let nMinority = 0;
    for (let row = 0; row < 2_000; row++) if (proba[row * 2 + 1] > proba[row * 2]) nMinority++;
    return nMinority / 2_000;
  };

  it('should grow the unweighted forest when every row weighs the same', () => {
    const plain = trainForestSync(d.X, 2_000, 4, d.y, options);
    expect(trainForestSync(d.X, 2_000, 4, d.y, { ...options, sampleWeight: new Float64Array(2_000).fill(1) })).toEqual(plain);
    // Gains and leaf frequencies are ratios of weights, so doubling every weight changes nothing.
    expect(trainForestSync(d.X, 2_000, 4, d.y, { ...options, sampleWeight: new Float64Array(2_000).fill(2) })).toEqual(plain);
  });

  it('should predict the minority class more often when it weighs more (class weights)', () => {
    const classWeight = [1, 9];
    const weighted = minorityShare(Float64Array.from(d.y, (k) => classWeight[k]));
    expect(weighted).toBeGreaterThan(minorityShare() + 0.05);
  });

  it.each([
    ['the wrong length', new Float64Array(3).fill(1)],
    ['a negative weight', Float64Array.from({ length: 2_000 }, (_, row) => (row === 7 ? -1 : 1))],
    ['a NaN weight', Float64Array.from({ length: 2_000 }, (_, row) => (row === 7 ? NaN : 1))],
    ['zero everywhere', new Float64Array(2_000)],
  ])('should reject a sampleWeight with %s', (_, sampleWeight) => {
    expect(() => trainForestSync(d.X, 2_000, 4, d.y, { ...options, sampleWeight })).toThrow(RangeError);
  });
});
