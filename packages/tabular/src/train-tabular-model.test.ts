import { describe, expect, it } from '@jest/globals';
import { TabulaError, parseModelParams, type ModelType } from '@tabula/contracts';
import type { Frame } from './frame.js';
import { parseCsv, parseCsvFile } from './parse-csv.js';
import { catchError } from './test-fixtures/catch-error.js';
import { fixturePath } from './test-fixtures/fixture-path.js';
import { makeImbalancedFrame } from './test-fixtures/make-imbalanced-frame.js';
import { trainTabularModel, type TrainTabularInput } from './train-tabular-model.js';

const iris = await parseCsvFile(fixturePath('iris.csv'));
const IRIS_LABELS = ['Setosa', 'Versicolor', 'Virginica'];

function train(frame: Frame, targetColumn: string, modelType: ModelType, params: Record<string, unknown> = {}, rest: Partial<TrainTabularInput> = {}) {
  return trainTabularModel({ frame, targetColumn, columnsToDrop: [], spec: parseModelParams(modelType, { random_state: 0, ...params }), testSize: 0.2, ...rest });
}

function inputError(run: () => unknown): TabulaError {
  const error = catchError(run);
  expect(error).toBeInstanceOf(TabulaError);
  expect(error).toMatchObject({ code: 'INVALID_INPUT', status: 400 });
  return error as TabulaError;
}

describe('trainTabularModel(input)', () => {
  describe('on iris', () => {
    for (const modelType of ['RandomForestClassifier', 'LogisticRegression'] as const) {
      it(`should reach accuracy ≥ 0.9 on a held-out split with ${modelType}`, () => {
        const result = train(iris, 'variety', modelType);
        expect(result.metrics.accuracy).toBeGreaterThanOrEqual(0.9);
        expect(result).toMatchObject({ task: 'classification', classLabels: IRIS_LABELS, nTrain: 120, nTest: 30, stratified: true, randomState: 0 });
        expect(result.features).toEqual(iris.columns.slice(0, 4).map((name) => ({ name, type: 'numeric' })));
        expect(Object.keys(result.metrics).sort()).toEqual(['accuracy', 'balanced_accuracy', 'f1_macro', 'precision_macro', 'recall_macro']);
        expect(result.model.predict(iris).predictions.slice(0, 3)).toEqual(['Setosa', 'Setosa', 'Setosa']);
      });
    }

    it('should fit a regression with RandomForestRegressor', () => {
      const result = train(iris, 'petal.width', 'RandomForestRegressor', { n_estimators: 30 });
      expect(result.task).toBe('regression');
      expect(result.classLabels).toBeNull();
      expect(result.stratified).toBe(false);
      expect(result.metrics.r2).toBeGreaterThan(0.85);
      expect(Object.keys(result.metrics).sort()).toEqual(['mae', 'r2', 'rmse']);
      expect(result.features.find((feature) => feature.name === 'variety')).toEqual({ name: 'variety', type: 'categorical' });
    });

    it('should repeat itself for a random_state and draw and report a seed without one', () => {
      const a = train(iris, 'variety', 'RandomForestClassifier', { n_estimators: 20, random_state: 5 });
      const b = train(iris, 'variety', 'RandomForestClassifier', { n_estimators: 20, random_state: 5 });
      expect(b.metrics).toEqual(a.metrics);
      expect(b.model.predict(iris, { returnProba: true })).toEqual(a.model.predict(iris, { returnProba: true }));
      const unseeded = train(iris, 'variety', 'RandomForestClassifier', { n_estimators: 20, random_state: null });
      const replay = train(iris, 'variety', 'RandomForestClassifier', { n_estimators: 20, random_state: unseeded.randomState });
      expect(replay.metrics).toEqual(unseeded.metrics);
    });

    it('should record the options passed to the library', () => {
      expect(train(iris, 'variety', 'RandomForestClassifier').engineOptions).toMatchObject({ library: '@tabula/engines', maxFeatures: 'sqrt', nClasses: 3, seed: 0 });
      expect(train(iris, 'variety', 'LogisticRegression').engineOptions).toMatchObject({ library: '@tabula/engines', C: 1, maxIter: 100, fitIntercept: true });
      const mljs = { engine: 'mljs' };
      expect(train(iris, 'variety', 'RandomForestClassifier', mljs).engineOptions).toMatchObject({ library: 'ml-random-forest', noOOB: true, replacement: false, seed: 0 });
      expect(train(iris, 'variety', 'LogisticRegression', mljs).engineOptions).toMatchObject({ library: 'ml-logistic-regression', numSteps: 1000, interceptColumn: true });
    });
  });

  describe('on a small imbalanced binary set', () => {
    const frame = makeImbalancedFrame(400, 1);
    for (const modelType of ['RandomForestClassifier', 'LogisticRegression'] as const) {
      it(`should find the minority class with ${modelType}`, () => {
        const result = train(frame, 'label', modelType);
        expect(result.classLabels).toEqual([0, 1]);
        expect(result.metrics.roc_auc).toBeGreaterThan(0.9);
        expect(result.metrics.balanced_accuracy).toBeGreaterThan(0.7);
        expect(new Set(result.model.predict(frame).predictions)).toEqual(new Set([0, 1]));
        expect(result.features).toContainEqual({ name: 'group', type: 'categorical' });
      });
    }
  });

  describe('on data it cannot use', () => {
    const frame: Frame = {
      columns: ['a', 'b', 'y'],
      nRows: 6,
      values: [['1', '2', '3', '4', '5', '6'], ['x', 'y', 'x', 'y', 'x', 'y'], ['p', 'q', 'p', 'q', null, 'p']],
    };

    it('should check the target and columns_to_drop against the data', () => {
      expect(inputError(() => train(frame, 'z', 'LogisticRegression')).message).toContain('"z" is not in the data');
      expect(inputError(() => train(frame, 'y', 'LogisticRegression', {}, { columnsToDrop: ['c'] })).message).toContain('"c"');
      expect(inputError(() => train(frame, 'y', 'LogisticRegression', {}, { columnsToDrop: ['y'] })).message).toContain('also listed');
      expect(inputError(() => train(frame, 'y', 'LogisticRegression', {}, { columnsToDrop: ['a', 'b'] })).message).toContain('No feature columns');
    });

    it('should drop rows without a target', () => {
      const result = train(frame, 'y', 'LogisticRegression', {}, { testSize: 0.4 });
      expect(result.nTrain + result.nTest).toBe(5);
    });

    it('should reject a target without usable classes or numbers', () => {
      const oneClass: Frame = { ...frame, values: [frame.values[0], frame.values[1], ['p', null, 'p', 'p', 'p', 'p']] };
      expect(inputError(() => train(oneClass, 'y', 'RandomForestClassifier')).message).toContain('has one class: "p"');
      const empty: Frame = { ...frame, values: [frame.values[0], frame.values[1], new Array(6).fill(null)] };
      expect(inputError(() => train(empty, 'y', 'RandomForestClassifier')).message).toContain('has no values');
      expect(inputError(() => train(frame, 'b', 'RandomForestRegressor')).message).toContain('must be numeric for regression');
    });

    it('should reject too few rows and out-of-range test sizes', () => {
      expect(inputError(() => train(frame, 'y', 'LogisticRegression', {}, { testSize: 0.8 })).message).toContain('Too few rows');
      expect(inputError(() => train(frame, 'y', 'LogisticRegression', {}, { testSize: 1 })).message).toContain('test_size must be between 0 and 1');
    });

    it('should reject features that are all constant', () => {
      const constant: Frame = { ...frame, values: [new Array(6).fill('1'), new Array(6).fill('x'), frame.values[2]] };
      expect(inputError(() => train(constant, 'y', 'RandomForestClassifier')).message).toContain('Every feature column is constant');
    });

    it('should fall back to an unstratified split when a class has one row', async () => {
      const csv = await parseCsv('x,y\n1,a\n2,a\n3,a\n4,b\n5,b\n6,b\n7,c\n');
      const result = train(csv, 'y', 'RandomForestClassifier', { n_estimators: 5 });
      expect(result.stratified).toBe(false);
      expect(result.classLabels).toEqual(['a', 'b', 'c']);
    });

    it('should type a column from all rows, so text only in the test rows makes it categorical', async () => {
      const csv = await parseCsv(`x,y\n${Array.from({ length: 20 }, (_, i) => `${i === 3 ? 'unknown' : i},${i % 2}`).join('\n')}\n`);
      const result = train(csv, 'y', 'LogisticRegression', { max_iter: 10 });
      expect(result.features).toEqual([{ name: 'x', type: 'categorical' }]);
    });
  });
});
