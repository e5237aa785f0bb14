import { describe, expect, it } from '@jest/globals';
import { CLASSIFICATION_METRICS, TabulaError, parseModelParams, type ModelType } from '@tabula/contracts';
import type { Frame } from '../frame.js';
import { parseCsv, parseCsvFile } from '../csv/parse-csv.js';
import { catchError } from '../test-fixtures/catch-error.js';
import { fixturePath } from '../test-fixtures/fixture-path.js';
import { makeImbalancedFrame } from '../test-fixtures/make-imbalanced-frame.js';
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
        expect(Object.keys(result.metrics).sort()).toEqual([...CLASSIFICATION_METRICS].sort());
        expect(result.metrics.roc_auc).toBeGreaterThan(0.95);
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
      const other = train(iris, 'variety', 'RandomForestClassifier', { n_estimators: 20, random_state: 6 });
      expect(other.model.serialize()).not.toEqual(a.model.serialize());
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

    it('should reject a class with a single row rather than make up its held-out scores', async () => {
      const csv = await parseCsv('x,y\n1,a\n2,a\n3,a\n4,b\n5,b\n6,b\n7,c\n');
      expect(inputError(() => train(csv, 'y', 'RandomForestClassifier', { n_estimators: 5 })).message).toContain('"c" (1 row)');
    });

    it('should refuse a model past its limits before fitting anything: classes at the target, features once encoded', () => {
      const progress: string[] = [];
      const onProgress = ({ stage }: { stage: string }) => progress.push(stage);
      const limits = { maxClasses: 1_000, maxCategories: 1_000, maxFeatures: 1_000 };
      for (const [changed, message] of [
        [{ maxClasses: 2 }, 'The target column "variety" has 3 classes; the limit is 2 (MAX_CLASSES).'],
        [{ maxFeatures: 3 }, 'After one-hot encoding, the training data has 4 features; the limit is 3 (MAX_FEATURES).'],
      ] as const) {
        const error = catchError(() => train(iris, 'variety', 'RandomForestClassifier', {}, { onProgress, limits: { ...limits, ...changed }, cv: 5 }));
        expect(error).toMatchObject({ code: 'PAYLOAD_TOO_LARGE', status: 413, message });
      }
      expect(progress).toEqual([]);
      expect(train(iris, 'variety', 'RandomForestClassifier', { n_estimators: 5 }, { limits: { maxClasses: 3, maxCategories: 1, maxFeatures: 4 } }).classLabels).toEqual(IRIS_LABELS);
    });

    it('should type a column from all rows, so text only in the test rows makes it categorical', async () => {
      const csv = await parseCsv(`x,y\n${Array.from({ length: 20 }, (_, i) => `${i === 3 ? 'unknown' : i},${i % 2}`).join('\n')}\n`);
      const result = train(csv, 'y', 'LogisticRegression', { max_iter: 10 });
      expect(result.features).toEqual([{ name: 'x', type: 'categorical' }]);
    });
  });
});

describe('trainTabularModel(input) evaluation', () => {
  const imbalanced = makeImbalancedFrame(400, 1);

  describe('random_state', () => {
    it('should give a byte-identical model.json and the same evaluation for the same data and seed', () => {
      const options = { cv: 3, classBalance: 'oversample' as const };
      for (const modelType of ['RandomForestClassifier', 'LogisticRegression'] as const) {
        const params = modelType === 'RandomForestClassifier' ? { n_estimators: 15, random_state: 11 } : { random_state: 11 };
        const a = train(imbalanced, 'label', modelType, params, options);
        const b = train(imbalanced, 'label', modelType, params, options);
        expect(Buffer.from(b.model.serialize()['model.json']).equals(Buffer.from(a.model.serialize()['model.json']))).toBe(true);
        expect({ ...b, model: null }).toEqual({ ...a, model: null });
      }
    });
  });

  describe('on the held-out split of a classifier', () => {
    const result = train(imbalanced, 'label', 'RandomForestClassifier', { n_estimators: 20 });

    it('should report per-class scores and a confusion matrix in class-label order that agree with the metrics', () => {
      const { per_class: perClass, confusion_matrix: confusion } = result.evaluation;
      expect(confusion?.labels).toEqual([0, 1]);
      const matrix = confusion!.matrix;
      expect(matrix.flat().reduce((sum, n) => sum + n, 0)).toBe(result.nTest);
      expect(perClass?.map((scores) => [scores.label, scores.support])).toEqual([[0, matrix[0][0] + matrix[0][1]], [1, matrix[1][0] + matrix[1][1]]]);
      expect(result.metrics.accuracy).toBeCloseTo((matrix[0][0] + matrix[1][1]) / result.nTest, 12);
      expect(result.metrics.recall_macro).toBeCloseTo((perClass![0].recall + perClass![1].recall) / 2, 12);
      expect(result.metrics.pr_auc).toBeGreaterThan(0.5);
      expect(result.metrics.log_loss).toBeGreaterThan(0);
    });

    it('should rank the informative columns above the noise by permutation importance', () => {
      const { importances, ...rest } = result.featureImportance;
      expect(rest).toEqual({ method: 'permutation', scoring: 'accuracy', n_repeats: 5, n_rows: result.nTest });
      expect(importances.map((entry) => entry.feature).sort()).toEqual(['group', 'x1', 'x2', 'x3']);
      expect(importances[0].feature).toBe('x1');
      expect(importances.map((entry) => entry.importance)).toEqual([...importances.map((entry) => entry.importance)].sort((a, b) => b - a));
    });

    it('should describe every column and the classes in the data report', () => {
      const report = result.dataReport;
      expect(report).toMatchObject({ n_rows: 400, n_columns: 5, n_rows_without_target: 0 });
      expect(report.columns.map((column) => [column.name, column.role, column.type])).toEqual([
        ['x1', 'feature', 'numeric'], ['x2', 'feature', 'numeric'], ['x3', 'feature', 'numeric'], ['group', 'feature', 'categorical'], ['label', 'target', 'numeric'],
      ]);
      const classCounts = report.class_counts!;
      expect(classCounts['0'] + classCounts['1']).toBe(400);
      expect(classCounts['1']).toBeLessThan(80);
    });
  });

  describe('cv', () => {
    it('should report mean, std and per-fold values of every metric, and leave the stored model as without cv', () => {
      const withCv = train(iris, 'variety', 'LogisticRegression', {}, { cv: 5 });
      const cv = withCv.evaluation.cv!;
      expect(cv).toMatchObject({ folds: 5, stratified: true });
      expect(Object.keys(cv.metrics).sort()).toEqual([...CLASSIFICATION_METRICS].sort());
      const { mean, std, values } = cv.metrics.accuracy;
      expect(values).toHaveLength(5);
      expect(mean).toBeCloseTo(values.reduce((sum, v) => sum + v, 0) / 5, 12);
      expect(std).toBeGreaterThanOrEqual(0);
      expect(mean).toBeGreaterThan(0.85);
      const without = train(iris, 'variety', 'LogisticRegression');
      expect(without.evaluation.cv).toBeUndefined();
      expect(withCv.model.serialize()).toEqual(without.model.serialize());
      expect(withCv.metrics).toEqual(without.metrics);
    });

    it('should cross-validate a regressor with plain folds', () => {
      const cv = train(iris, 'petal.width', 'RandomForestRegressor', { n_estimators: 10 }, { cv: 3 }).evaluation.cv!;
      expect(cv).toMatchObject({ folds: 3, stratified: false });
      expect(Object.keys(cv.metrics).sort()).toEqual(['mae', 'r2', 'rmse']);
      expect(cv.metrics.r2.mean).toBeGreaterThan(0.8);
    });

    it('should refuse more folds than half the training rows of a regressor', async () => {
      const csv = await parseCsv(`x,y\n${Array.from({ length: 8 }, (_, i) => `${i},${i * 2}`).join('\n')}\n`);
      const error = inputError(() => train(csv, 'y', 'RandomForestRegressor', { n_estimators: 5 }, { cv: 4, testSize: 0.25 }));
      expect(error.message).toBe('cv=4 needs at least 8 training rows (2 per fold), but the training split has 6.');
      expect(error.hint).toContain('Lower cv to 3 or less');
    });

    it('should refuse more folds than the rarest class has training rows, saying how many fit', () => {
      const error = inputError(() => train(imbalanced, 'label', 'LogisticRegression', {}, { cv: 20, testSize: 0.9 }));
      expect(error.message).toContain('cv=20 needs at least 20 training rows of every class');
      expect(error.hint).toMatch(/Lower cv to \d+ or less/);
    });
  });

  describe('class_balance', () => {
    const countsOf = (classBalance: 'none' | 'undersample' | 'oversample' | 'weights') =>
      train(imbalanced, 'label', 'RandomForestClassifier', { n_estimators: 20 }, { classBalance });

    it('should resample the training split only, and keep the test split as it is', () => {
      const none = countsOf('none');
      const before = none.classBalance!.train_counts_before;
      expect(none.classBalance).toEqual({ method: 'none', train_counts_before: before, train_counts_after: before });
      const [nMajority, nMinority] = [before['0'], before['1']];
      expect(nMajority).toBeGreaterThan(nMinority);

      const under = countsOf('undersample');
      expect(under.classBalance?.train_counts_after).toEqual({ 0: nMinority, 1: nMinority });
      const over = countsOf('oversample');
      expect(over.classBalance?.train_counts_after).toEqual({ 0: nMajority, 1: nMajority });
      for (const result of [under, over]) {
        expect([result.nTrain, result.nTest]).toEqual([none.nTrain, none.nTest]);
        expect(result.evaluation.confusion_matrix!.matrix.map((row) => row[0] + row[1])).toEqual(none.evaluation.confusion_matrix!.matrix.map((row) => row[0] + row[1]));
      }
    });

    it("should weight rows as scikit-learn's class_weight=\"balanced\" and favour the minority class", () => {
      const none = countsOf('none');
      const weighted = countsOf('weights');
      const { train_counts_before: counts, class_weights: weights } = weighted.classBalance!;
      const nTrain = counts['0'] + counts['1'];
      expect(weights!['0']).toBeCloseTo(nTrain / (2 * counts['0']), 12);
      expect(weights!['1']).toBeCloseTo(nTrain / (2 * counts['1']), 12);
      expect(weighted.engineOptions).toMatchObject({ sampleWeight: 'per-row class weights' });
      const predictedMinority = (result: typeof none) => result.evaluation.confusion_matrix!.matrix.reduce((sum, row) => sum + row[1], 0);
      expect(predictedMinority(weighted)).toBeGreaterThanOrEqual(predictedMinority(none));
      expect(train(imbalanced, 'label', 'LogisticRegression', {}, { classBalance: 'weights' }).metrics.recall_macro).toBeGreaterThan(0.8);
    });

    it('should refuse weights on ml.js, naming the engines that support it, and any balance for a regressor', () => {
      const error = inputError(() => train(imbalanced, 'label', 'RandomForestClassifier', { engine: 'mljs' }, { classBalance: 'weights' }));
      expect(error.message).toContain('engine "mljs" cannot');
      expect(error.message).toContain('RandomForestClassifier and LogisticRegression support it with engine "tabula"');
      expect(error.hint).toContain('oversample or undersample');
      expect(train(imbalanced, 'label', 'RandomForestClassifier', { engine: 'mljs', n_estimators: 5 }, { classBalance: 'oversample' }).classBalance?.method).toBe('oversample');
      expect(inputError(() => train(iris, 'petal.width', 'RandomForestRegressor', {}, { classBalance: 'undersample' })).message).toContain('applies to classifiers');
    });
  });
});
