import { describe, expect, it } from '@jest/globals';
import { ENGINES, parseModelParams, type ModelType } from '@tabula/contracts';
import { createUniformRng } from '../training/training-rng.js';
import { fitEstimator } from './fit-estimator.js';
import { loadEstimator } from './load-estimator.js';
import { EstimatorStateSchema, type TrainingData } from './estimator.js';

/** Two informative features and one noise feature; the class is the sign of x0 + x1 (binary) or its tercile. */
function makeData(nRows: number, nClasses: number, seed: number): TrainingData {
  const rng = createUniformRng(seed);
  const X = new Float64Array(3 * nRows);
  const y = new Float64Array(nRows);
  for (let row = 0; row < nRows; row++) {
    for (let f = 0; f < 3; f++) X[f * nRows + row] = rng() * 2 - 1;
    const score = X[row] + X[nRows + row];
    y[row] = nClasses === 0 ? 3 * score : nClasses === 2 ? Number(score > 0) : score < -0.5 ? 0 : score < 0.5 ? 1 : 2;
  }
  return { X, nRows, nFeatures: 3, y, nClasses };
}

const CASES: Array<{ modelType: ModelType; nClasses: number; params: Record<string, unknown> }> = [
  { modelType: 'RandomForestClassifier', nClasses: 3, params: { n_estimators: 15 } },
  { modelType: 'RandomForestRegressor', nClasses: 0, params: { n_estimators: 10 } },
  { modelType: 'LogisticRegression', nClasses: 2, params: { max_iter: 50 } },
  { modelType: 'LogisticRegression', nClasses: 3, params: { max_iter: 50 } },
];

describe('fitEstimator(spec, data, seed) and loadEstimator(state)', () => {
  for (const { modelType, nClasses, params } of CASES.flatMap((c) => ENGINES.map((engine) => ({ ...c, params: { ...c.params, engine } })))) {
    describe(`${modelType} with ${nClasses || 'no'} classes on ${params.engine}`, () => {
      const train = makeData(150, nClasses, 1);
      const test = makeData(60, nClasses, 2);
      const estimator = fitEstimator(parseModelParams(modelType, params), train, 7);

      it(`should be the ${params.engine} estimator`, () => {
        expect(estimator.toJSON().kind.startsWith(params.engine)).toBe(true);
      });

      it('should learn the training signal', () => {
        const predicted = estimator.predict(test.X, test.nRows);
        if (nClasses === 0) {
          const mae = predicted.reduce((sum, value, row) => sum + Math.abs(value - test.y[row]), 0) / test.nRows;
          expect(mae).toBeLessThan(0.6);
        } else {
          const correct = predicted.filter((c, row) => c === test.y[row]).length;
          // Chance is 1/nClasses; the forest's axis-aligned splits fit the diagonal boundary less closely than the logistic model does.
          expect(correct / test.nRows).toBeGreaterThan(0.65);
        }
      });

      it('should give probabilities that sum to 1 and agree with predict', () => {
        if (nClasses === 0) return expect(estimator.predictProba).toBeUndefined();
        const proba = estimator.predictProba?.(test.X, test.nRows) as Float64Array;
        const predicted = estimator.predict(test.X, test.nRows);
        for (let row = 0; row < test.nRows; row++) {
          const rowProba = Array.from(proba.subarray(row * nClasses, (row + 1) * nClasses));
          expect(rowProba.reduce((a, b) => a + b, 0)).toBeCloseTo(1, 10);
          expect(rowProba[predicted[row]]).toBe(Math.max(...rowProba));
        }
      });

      it('should predict the same after a JSON round trip', () => {
        const state = EstimatorStateSchema.parse(JSON.parse(JSON.stringify(estimator.toJSON())));
        const loaded = loadEstimator(state);
        expect(loaded.predict(test.X, test.nRows)).toEqual(estimator.predict(test.X, test.nRows));
        expect(loaded.predictProba?.(test.X, test.nRows)).toEqual(estimator.predictProba?.(test.X, test.nRows));
        expect(loaded.engineOptions).toEqual(estimator.engineOptions);
      });
    });
  }

  it('should give each mljs tree distinct features and vote shares in steps of 1/nTrees', () => {
    const data = makeData(80, 2, 3);
    const estimator = fitEstimator(parseModelParams('RandomForestClassifier', { n_estimators: 8, max_features: 0.7, engine: 'mljs' }), data, 1);
    const { forest } = estimator.toJSON() as unknown as { forest: { baseModel: { indexes: number[][] } } };
    for (const used of forest.baseModel.indexes) expect(new Set(used).size).toBe(used.length);
    const proba = estimator.predictProba?.(data.X, data.nRows) as Float64Array;
    for (const p of proba) expect(Math.abs(p * 8 - Math.round(p * 8))).toBeLessThan(1e-9);
  });

  for (const engine of ENGINES) {
    it(`should be deterministic for a seed on ${engine}`, () => {
      const data = makeData(80, 2, 4);
      const spec = parseModelParams('RandomForestClassifier', { n_estimators: 5, engine });
      const a = fitEstimator(spec, data, 9).predictProba?.(data.X, data.nRows);
      const b = fitEstimator(spec, data, 9).predictProba?.(data.X, data.nRows);
      expect(b).toEqual(a);
    });
  }

  it('should default to the tabula engine', () => {
    const data = makeData(80, 2, 4);
    expect(fitEstimator(parseModelParams('RandomForestClassifier', { n_estimators: 2 }), data, 1).toJSON().kind).toBe('tabula-forest');
    expect(fitEstimator(parseModelParams('LogisticRegression', {}), data, 1).toJSON().kind).toBe('tabula-logistic');
  });
});
