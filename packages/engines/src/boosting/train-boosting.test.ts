import { describe, expect, it } from '@jest/globals';
import { createRng } from '../random/seeded-rng.js';
import { gaussian, makeBlobs, rocAuc, accuracy, sliceRows } from '../testing/synthetic-data.js';
import type { BoostingLossName, BoostingOptions } from './boosting-options.js';
import { fitBoostingBins, trainBoosting } from './train-boosting.js';
import { addTreeByBins, predictBoostingProba, predictBoostingRaw, predictBoostingValue } from './predict-boosting.js';

function positiveScores(proba: Float64Array): number[] {
  return Array.from({ length: proba.length / 2 }, (_, row) => proba[2 * row + 1]);
}

/** y = 3 sin(x0) + x1² + noise: a regression target no single split fits; counts with log-mean sin(x0) + x1 / 3. */
function makeRegression(nRows: number, seed: number) {
  const rng = createRng(seed);
  const nFeatures = 4;
  const X = Float64Array.from({ length: nRows * nFeatures }, () => gaussian(rng));
  const y = Float64Array.from({ length: nRows }, (_, row) => 3 * Math.sin(X[row]) + X[nRows + row] ** 2 + 0.1 * gaussian(rng));
  const counts = Float64Array.from({ length: nRows }, (_, row) => Math.round(4 * Math.exp(Math.sin(X[row]) + X[nRows + row] / 3)));
  return { X, y, counts, nRows, nFeatures };
}

describe('trainBoosting(data, y, options)', () => {
  const blobs = makeBlobs(3_000, 6, 2, 3, { separation: 0.7, missingRate: 0.05 });
  const binned = fitBoostingBins(blobs.X, blobs.nRows, blobs.nFeatures);

  it('should lower the training loss from the baseline at every iteration (binary log loss)', () => {
    const result = trainBoosting(binned, blobs.y, { maxIter: 30 });
    expect(result.nIter).toBe(30);
    expect(result.trainLoss.length).toBe(31);
    // The baseline is the log-odds of the prior, so the loss starts at the prior's entropy.
    const p = blobs.y.reduce((a, b) => a + b, 0) / blobs.nRows;
    expect(result.trainLoss[0]).toBeCloseTo(-(p * Math.log(p) + (1 - p) * Math.log(1 - p)), 10);
    expect(result.model.baseline[0]).toBeCloseTo(Math.log(p / (1 - p)), 12);
    for (let i = 1; i <= 30; i++) expect(result.trainLoss[i]).toBeLessThan(result.trainLoss[i - 1]);
    expect(result.validationLoss).toBeNull();
  });

  it('should rank a separable held-out set with a high ROC AUC', () => {
    const d = makeBlobs(6_000, 8, 2, 11, { separation: 1 });
    const train = fitBoostingBins(sliceRows(d.X, 6_000, 8, 0, 4_000), 4_000, 8);
    const { model } = trainBoosting(train, d.y.subarray(0, 4_000), { seed: 1 });
    const test = sliceRows(d.X, 6_000, 8, 4_000, 6_000);
    expect(rocAuc(positiveScores(predictBoostingProba(model, test, 2_000)), d.y.subarray(4_000))).toBeGreaterThan(0.97);
  });

  it('should fit one tree per class per iteration for multiclass softmax, probabilities summing to 1', () => {
    const d = makeBlobs(1_500, 4, 3, 5, { separation: 2 });
    const { model, trainLoss } = trainBoosting(fitBoostingBins(d.X, 1_500, 4), d.y, { maxIter: 20 });
    expect([model.nTreesPerIteration, model.trees.nTrees, model.nClasses]).toEqual([3, 60, 3]);
    expect(trainLoss[20]).toBeLessThan(trainLoss[0] / 4);
    const proba = predictBoostingProba(model, d.X, 1_500);
    for (let row = 0; row < 1_500; row++) expect(proba[3 * row] + proba[3 * row + 1] + proba[3 * row + 2]).toBeCloseTo(1, 12);
    expect(accuracy(proba, d.y, 3)).toBeGreaterThan(0.9);
  });

  it.each<[BoostingLossName, number]>([
    ['squared_error', 0.25],
    ['absolute_error', 0.35],
    ['poisson', 0.5],
  ])('should beat the mean predictor by a wide margin on held-out RMSE (%s)', (loss, maxRatio) => {
    const { X, y, counts, nFeatures } = makeRegression(6_000, 2);
    const target = loss === 'poisson' ? counts : y;
    const train = fitBoostingBins(sliceRows(X, 6_000, nFeatures, 0, 4_000), 4_000, nFeatures);
    const { model } = trainBoosting(train, target.subarray(0, 4_000), { loss, earlyStopping: false });
    const predicted = predictBoostingValue(model, sliceRows(X, 6_000, nFeatures, 4_000, 6_000), 2_000);
    const held = target.subarray(4_000);
    const mean = target.subarray(0, 4_000).reduce((a, b) => a + b, 0) / 4_000;
    const rmse = (f: (i: number) => number) => Math.sqrt(held.reduce((s, v, i) => s + (v - f(i)) ** 2, 0) / held.length);
    expect(rmse((i) => predicted[i])).toBeLessThan(maxRatio * rmse(() => mean));
  });

  it('should grow identical trees for the same seed, and other trees for another seed once features are sampled', () => {
    const options = { maxIter: 10, maxFeatures: 0.5, seed: 7 };
    const a = trainBoosting(binned, blobs.y, options);
    expect(trainBoosting(binned, blobs.y, options)).toEqual(a);
    expect(trainBoosting(binned, blobs.y, { ...options, seed: 8 }).model.trees).not.toEqual(a.model.trees);
  });

  it('should stop early once the held-out loss stops improving and report nIter and the validation curve', () => {
    const d = makeBlobs(12_000, 4, 2, 9, { separation: 0.3 });
    const iterations: number[] = [];
    const result = trainBoosting(fitBoostingBins(d.X, 12_000, 4), d.y, { maxIter: 500, learningRate: 0.5, onIteration: (n) => iterations.push(n) });
    expect(result.nIter).toBeLessThan(500);
    expect(result.model.nIter).toBe(result.nIter);
    expect(iterations).toEqual(Array.from({ length: result.nIter }, (_, i) => i + 1));
    const curve = result.validationLoss!;
    expect(curve.length).toBe(result.nIter + 1);
    // Stopped because none of the last 10 beat the one before them by more than tol.
    const reference = curve[result.nIter - 10];
    for (let i = result.nIter - 9; i <= result.nIter; i++) expect(curve[i]).toBeGreaterThanOrEqual(reference - 1e-7);
  });

  it('should train the same model with sampleWeight all ones as without weights, and let weights change it', () => {
    const { X, y, nRows, nFeatures } = makeRegression(1_000, 6);
    const data = fitBoostingBins(X, nRows, nFeatures);
    const unweighted = trainBoosting(data, y, { maxIter: 10 });
    expect(trainBoosting(data, y, { maxIter: 10, sampleWeight: new Float64Array(nRows).fill(1) })).toEqual(unweighted);
    const weights = Float64Array.from({ length: nRows }, (_, row) => (X[row] > 0 ? 5 : 1));
    expect(trainBoosting(data, y, { maxIter: 10, sampleWeight: weights }).model.trees).not.toEqual(unweighted.model.trees);
  });

  it('should learn from missing values: rows whose feature is NaN get their own answer', () => {
    // The class is whether feature 0 is missing; the other features are noise.
    const rng = createRng(3);
    const nRows = 2_000;
    const y = Uint8Array.from({ length: nRows }, () => +(rng.nextFloat() < 0.3));
    const X = Float64Array.from({ length: nRows * 3 }, (_, i) => (i < nRows && y[i] === 1 ? NaN : gaussian(rng)));
    const { model } = trainBoosting(fitBoostingBins(X, nRows, 3), y, { maxIter: 20 });
    const proba = predictBoostingProba(model, X, nRows);
    for (let row = 0; row < nRows; row++) expect(proba[2 * row + 1] > 0.5).toBe(y[row] === 1);
  });

  it('should score raw values as the training walk over bins does, column- or row-major', () => {
    const { model } = trainBoosting(binned, blobs.y, { maxIter: 15 });
    const raw = predictBoostingRaw(model, blobs.X, blobs.nRows);
    const byBins = new Float64Array(blobs.nRows).fill(model.baseline[0]);
    // The model's trees as BoostedTrees: each tree's slice of the joined arrays, ids made local.
    for (let t = 0; t < model.trees.nTrees; t++) {
      const root = model.trees.treeRoot[t];
      const end = t + 1 < model.trees.nTrees ? model.trees.treeRoot[t + 1] : model.trees.nNodes;
      const local = (a: Uint32Array) => a.slice(root, end).map((child) => (child === 0 ? 0 : child - root));
      const tree = { ...model.trees, feature: model.trees.feature.slice(root, end), left: local(model.trees.left), right: local(model.trees.right), missingLeft: model.trees.missingLeft.slice(root, end), value: model.trees.value.slice(root, end), binThreshold: model.binThreshold.slice(root, end), cover: model.cover.slice(root, end), gain: model.gain.slice(root, end), nNodes: end - root, nOutputs: 1 };
      addTreeByBins(tree, binned, byBins);
    }
    for (let row = 0; row < blobs.nRows; row++) expect(raw[row]).toBeCloseTo(byBins[row], 12);
    const rowMajor = new Float64Array(blobs.X.length);
    for (let row = 0; row < blobs.nRows; row++) for (let f = 0; f < 6; f++) rowMajor[row * 6 + f] = blobs.X[f * blobs.nRows + row];
    expect(predictBoostingRaw(model, rowMajor, blobs.nRows, { layout: 'row-major' })).toEqual(raw);
  });

  it('should report gain importances summing to 1, highest on the informative feature', () => {
    const { X, y, nRows, nFeatures } = makeRegression(3_000, 4);
    const { featureImportance } = trainBoosting(fitBoostingBins(X, nRows, nFeatures), y, { maxIter: 20 });
    expect(featureImportance.reduce((a, b) => a + b, 0)).toBeCloseTo(1, 12);
    expect(featureImportance[0] + featureImportance[1]).toBeGreaterThan(0.95);
  });

  it.each<[BoostingOptions, RegExp]>([
    [{ maxLeafNodes: 1 }, /maxLeafNodes must be an integer >= 2, got 1/],
    [{ learningRate: 0 }, /learningRate must be a finite number > 0, got 0/],
    [{ maxFeatures: 1.5 }, /maxFeatures must be a fraction in \(0, 1\], got 1.5/],
    [{ validationFraction: 1 }, /validationFraction must be a fraction in \(0, 1\) or null, got 1/],
    [{ loss: 'squared_error' }, /loss 'squared_error' does not fit a classification target: use 'log_loss'/],
    [{ maxBins: 10 }, /feature 0 has \d+ bins, more than maxBins = 10/],
    [{ earlyStopping: true, validationFraction: 0.0001 }, /validationFraction = 0.0001 holds out no row of 3000/],
  ])('should refuse %j, naming the option and what it accepts', (options, message) => {
    expect(() => trainBoosting(binned, blobs.y, options)).toThrow(message);
  });
});
