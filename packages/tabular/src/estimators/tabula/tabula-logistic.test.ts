import { describe, expect, it } from '@jest/globals';
import { deserializeLogistic } from '@tabula/engines';
import { parseModelParams, type LogisticRegressionParams } from '@tabula/contracts';
import { parseCsvFile } from '../../csv/parse-csv.js';
import { fixturePath } from '../../test-fixtures/fixture-path.js';
import { trainTabularModel } from '../../training/train-tabular-model.js';
import { loadEstimator } from '../load-estimator.js';
import { EstimatorStateSchema } from '../estimator.js';
import { fitTabulaLogistic, mapTabulaLogisticOptions } from './tabula-logistic.js';
import { makeTabulaData } from './tabula-test-data.js';

const params = (given: Record<string, unknown>) => parseModelParams('LogisticRegression', given).params as LogisticRegressionParams;
const modelOf = (state: object) => deserializeLogistic(Buffer.from((state as { model: string }).model, 'base64'));

describe('tabula logistic estimator', () => {
  describe('mapTabulaLogisticOptions(params, nClasses)', () => {
    it('should map C, tol, max_iter and fit_intercept', () => {
      expect(mapTabulaLogisticOptions(params({}), 2)).toEqual({ nClasses: 2, C: 1, tol: 1e-4, maxIter: 100, fitIntercept: true });
      expect(mapTabulaLogisticOptions(params({ C: 0.3, tol: 1e-6, max_iter: 250, fit_intercept: false }), 3)).toEqual({
        nClasses: 3, C: 0.3, tol: 1e-6, maxIter: 250, fitIntercept: false,
      });
    });

    it('should read penalty null as C = Infinity, whatever C says', () => {
      expect(mapTabulaLogisticOptions(params({ penalty: null, C: 0.01 }), 2).C).toBe(Infinity);
    });
  });

  describe('fitTabulaLogistic(params, data)', () => {
    const data = makeTabulaData(300, 4, 2, 1);

    it('should penalize less as C grows, and not at all for penalty null', () => {
      const norm = (given: Record<string, unknown>) => modelOf(fitTabulaLogistic(params({ max_iter: 500, ...given }), data).toJSON()).coef.reduce((s, w) => s + w * w, 0);
      const strong = norm({ C: 0.01 });
      const weak = norm({ C: 1 });
      const none = norm({ penalty: null });
      expect(strong).toBeLessThan(weak);
      expect(weak).toBeLessThan(none);
    });

    it('should fit no intercept when fit_intercept is false', () => {
      expect(Array.from(modelOf(fitTabulaLogistic(params({ fit_intercept: false }), data).toJSON()).intercept)).toEqual([0]);
    });

    it('should record the options with C = Infinity spelled out as JSON-safe text', () => {
      const estimator = fitTabulaLogistic(params({ penalty: null, max_iter: 30 }), data);
      expect(estimator.engineOptions).toEqual({
        library: '@tabula/engines', trainer: 'trainLogistic', nClasses: 2, C: 'Infinity', tol: 1e-4, maxIter: 30, fitIntercept: true, standardized: true,
      });
      expect(JSON.parse(JSON.stringify(estimator.engineOptions))).toEqual(estimator.engineOptions);
    });

    for (const nClasses of [2, 3]) {
      it(`should predict identically after toJSON → JSON → loadEstimator (${nClasses} classes)`, () => {
        const train = makeTabulaData(300, 4, nClasses, 2);
        const test = makeTabulaData(80, 4, nClasses, 3);
        const estimator = fitTabulaLogistic(params({}), train);
        const state = EstimatorStateSchema.parse(JSON.parse(JSON.stringify(estimator.toJSON())));
        expect(state).toMatchObject({ kind: 'tabula-logistic', nFeatures: 4, nClasses });
        const loaded = loadEstimator(state);
        expect(loaded.predict(test.X, test.nRows)).toEqual(estimator.predict(test.X, test.nRows));
        expect(loaded.predictProba?.(test.X, test.nRows)).toEqual(estimator.predictProba?.(test.X, test.nRows));
        expect(loaded.engineOptions).toEqual(estimator.engineOptions);
        const correct = estimator.predict(test.X, test.nRows).filter((c, row) => c === test.y[row]).length;
        expect(correct / test.nRows).toBeGreaterThan(0.85);
      });
    }

    it('should reject a state of another shape than its bytes', () => {
      const state = fitTabulaLogistic(params({}), data).toJSON();
      expect(() => loadEstimator(EstimatorStateSchema.parse({ ...state, nClasses: 3 }))).toThrow(TypeError);
    });
  });

  it('should reach accuracy ≥ 0.9 on iris through trainTabularModel', async () => {
    const iris = await parseCsvFile(fixturePath('iris.csv'));
    const result = trainTabularModel({
      frame: iris, targetColumn: 'variety', columnsToDrop: [], testSize: 0.2,
      spec: parseModelParams('LogisticRegression', { random_state: 0, engine: 'tabula' }),
    });
    expect(result.metrics.accuracy).toBeGreaterThanOrEqual(0.9);
    expect(result.engineOptions).toMatchObject({ library: '@tabula/engines', C: 1, maxIter: 100 });
  });
});
