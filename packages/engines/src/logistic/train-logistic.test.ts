import { describe, expect, it } from '@jest/globals';
import { accuracy, makeBlobs, rocAuc, sliceRows } from '../testing/synthetic-data.js';
import { coefShape, computeLossAndGradient } from './loss-and-gradient.js';
import { predictLogisticProba } from './predict-logistic.js';
import { fitStandardScaler, standardize } from './standard-scaler.js';
import { trainLogistic } from './train-logistic.js';

/** make_pipeline(StandardScaler(), LogisticRegression()) from scikit-learn 1.2.1 on the same rows. */
const SKLEARN_REFERENCE = { irisLikeAccuracy: 0.94, imbalancedAuc: 0.9512 };

describe('trainLogistic(X, nRows, nFeatures, y, options)', () => {
  it('should classify iris-like 3-class blobs as well as scikit-learn (softmax)', () => {
    const d = makeBlobs(600, 4, 3, 5, { separation: 2.5 });
    const model = trainLogistic(sliceRows(d.X, 600, 4, 0, 450), 450, 4, d.y.subarray(0, 450));
    expect(model.isConverged).toBe(true);
    expect(model.coef.length).toBe(12);
    const proba = predictLogisticProba(model, sliceRows(d.X, 600, 4, 450, 600), 150);
    expect(accuracy(proba, d.y.subarray(450), 3)).toBeGreaterThan(SKLEARN_REFERENCE.irisLikeAccuracy - 0.02);
  });

  it('should rank an imbalanced binary set as well as scikit-learn (sigmoid)', () => {
    const d = makeBlobs(4_000, 8, 2, 6, { separation: 0.5, weights: [0.9, 0.1] });
    const model = trainLogistic(sliceRows(d.X, 4_000, 8, 0, 3_000), 3_000, 8, d.y.subarray(0, 3_000));
    expect(model.coef.length).toBe(8);
    const proba = predictLogisticProba(model, sliceRows(d.X, 4_000, 8, 3_000, 4_000), 1_000);
    const scores = Array.from({ length: 1_000 }, (_, row) => proba[row * 2 + 1]);
    expect(Math.abs(rocAuc(scores, d.y.subarray(3_000)) - SKLEARN_REFERENCE.imbalancedAuc)).toBeLessThan(0.01);
  });

  it('should stop where the gradient of the penalized loss is below tol', () => {
    const d = makeBlobs(1_000, 5, 3, 7, { separation: 1 });
    const C = 0.5;
    const model = trainLogistic(d.X, 1_000, 5, d.y, { C, tol: 1e-6, maxIter: 1_000 });
    const X = standardize(d.X, 1_000, fitStandardScaler(d.X, 1_000, 5));
    const problem = { X, nRows: 1_000, nFeatures: 5, y: Int32Array.from(d.y), nClasses: 3, C, fitIntercept: true };
    const { nOutputs, rowLength } = coefShape(problem);
    const coef = new Float64Array(nOutputs * rowLength);
    for (let k = 0; k < nOutputs; k++) {
      coef.set(model.coef.subarray(k * 5, k * 5 + 5), k * rowLength);
      coef[k * rowLength + 5] = model.intercept[k];
    }
    const grad = new Float64Array(coef.length);
    computeLossAndGradient(problem, coef, grad, new Float64Array(nOutputs * 1_000));
    expect(Math.max(...grad.map(Math.abs))).toBeLessThanOrEqual(1e-6);
  });

  it('should shrink the weights as C decreases and read NaN as the mean', () => {
    const d = makeBlobs(500, 3, 2, 8, { missingRate: 0.1 });
    const norm = (C: number) => trainLogistic(d.X, 500, 3, d.y, { C }).coef.reduce((acc, w) => acc + w * w, 0);
    expect(norm(0.01)).toBeLessThan(norm(1));
    expect(norm(1)).toBeLessThan(norm(Infinity));
    const model = trainLogistic(d.X, 500, 3, d.y, { fitIntercept: false });
    expect(Array.from(model.intercept)).toEqual([0]);
  });

  it.each([
    ['C <= 0', { C: 0 }],
    ['tol <= 0', { tol: -1 }],
    ['maxIter 0', { maxIter: 0 }],
    ['one class', { nClasses: 1 }],
    ['a sampleWeight of the wrong length', { sampleWeight: Float64Array.of(1) }],
    ['a negative sampleWeight', { sampleWeight: Float64Array.of(1, -1) }],
    ['a sampleWeight of 0 everywhere', { sampleWeight: Float64Array.of(0, 0) }],
  ])('should reject %s', (_, options) => {
    expect(() => trainLogistic(Float64Array.of(1, 2), 2, 1, Uint8Array.of(0, 0), options)).toThrow(RangeError);
  });

  describe('with sampleWeight', () => {
    // 12 rows, column-major; make_pipeline(StandardScaler(), LogisticRegression(tol=1e-10)) from
    // scikit-learn 1.2.1, fitted with logisticregression__sample_weight=SAMPLE_WEIGHT.
    const X = Float64Array.of(
      0.5, 1.5, 2.1, 3.3, 0.2, 2.8, 1.1, 3.9, 0.7, 2.4, 1.8, 3.1,
      1.2, 0.3, 2.2, 1.9, 2.8, 0.1, 1.7, 3.1, 0.4, 2.6, 3.3, 0.9,
    );
    const SAMPLE_WEIGHT = Float64Array.of(1, 2, 0.5, 1, 3, 1, 0.25, 2, 1, 1, 0.5, 4);
    const options = { sampleWeight: SAMPLE_WEIGHT, tol: 1e-10, maxIter: 1_000 };

    it.each([
      ['binary', Uint8Array.of(0, 0, 1, 1, 0, 0, 0, 1, 0, 1, 1, 1), [1.731172, 0.773475], [0.087543]],
      ['3-class', Uint8Array.of(0, 0, 1, 2, 0, 1, 0, 2, 0, 2, 1, 2), [-1.420062, -0.339386, 0.14598, 0.019181, 1.274082, 0.320205], [0.209359, -0.441736, 0.232377]],
    ])('should fit the same %s coefficients as scikit-learn', (_, y, coef, intercept) => {
      const model = trainLogistic(X, 12, 2, y, options);
      Array.from(model.coef).forEach((w, i) => expect(w).toBeCloseTo(coef[i], 4));
      Array.from(model.intercept).forEach((b, i) => expect(b).toBeCloseTo(intercept[i], 4));
    });

    it('should fit the unweighted model when every weight is 1', () => {
      const y = Uint8Array.of(0, 0, 1, 1, 0, 0, 0, 1, 0, 1, 1, 1);
      const weighted = trainLogistic(X, 12, 2, y, { ...options, sampleWeight: new Float64Array(12).fill(1) });
      expect(weighted).toEqual(trainLogistic(X, 12, 2, y, { tol: 1e-10, maxIter: 1_000 }));
    });
  });
});
