import { describe, expect, it } from '@jest/globals';
import { deserializeForest } from '@tabula/engines';
import { parseModelParams, type RandomForestClassifierParams, type RandomForestRegressorParams } from '@tabula/contracts';
import { parseCsvFile } from '../../csv/parse-csv.js';
import { fixturePath } from '../../test-fixtures/fixture-path.js';
import { trainTabularModel } from '../../training/train-tabular-model.js';
import { fitEstimator } from '../fit-estimator.js';
import { loadEstimator } from '../load-estimator.js';
import { EstimatorStateSchema, type Estimator } from '../estimator.js';
import { fitTabulaForest, mapTabulaForestOptions } from './tabula-forest.js';
import { makeTabulaData } from './tabula-test-data.js';

const classifierParams = (given: Record<string, unknown>) => parseModelParams('RandomForestClassifier', given).params as RandomForestClassifierParams;
const forestOf = (estimator: Estimator) => deserializeForest(Buffer.from((estimator.toJSON() as { forest: string }).forest, 'base64'));
const regressorParams = (given: Record<string, unknown>) => parseModelParams('RandomForestRegressor', given).params as RandomForestRegressorParams;

describe('tabula forest estimator', () => {
  describe('mapTabulaForestOptions(params, nFeatures, nClasses, seed)', () => {
    it('should pass the scikit-learn defaults through one to one', () => {
      expect(mapTabulaForestOptions(classifierParams({}), 9, 3, 42)).toEqual({
        options: { nEstimators: 100, criterion: 'gini', maxFeatures: 'sqrt', maxDepth: null, minSamplesSplit: 2, minSamplesLeaf: 1, bootstrap: true, seed: 42, nClasses: 3 },
        unsupported: {},
      });
      expect(mapTabulaForestOptions(regressorParams({}), 9, 0, 7).options).toEqual({
        nEstimators: 100, criterion: 'squared_error', maxFeatures: 1, maxDepth: null, minSamplesSplit: 2, minSamplesLeaf: 1, bootstrap: true, seed: 7,
      });
    });

    it('should map every forest param, ignoring n_jobs', () => {
      const given = { n_estimators: 12, max_depth: 5, min_samples_split: 6, min_samples_leaf: 3, bootstrap: false, criterion: 'entropy', n_jobs: 4 };
      expect(mapTabulaForestOptions(classifierParams(given), 9, 2, 1)).toEqual({
        options: { nEstimators: 12, criterion: 'entropy', maxFeatures: 'sqrt', maxDepth: 5, minSamplesSplit: 6, minSamplesLeaf: 3, bootstrap: false, seed: 1, nClasses: 2 },
        unsupported: {},
      });
    });

    it.each([
      ['sqrt', 'sqrt'],
      ['log2', 'log2'],
      [0.5, 0.5],
      [1, 1],
      [4, 4],
      [9, 9],
      [null, null],
    ])('should pass max_features %p as %p', (given, expected) => {
      expect(mapTabulaForestOptions(classifierParams({ max_features: given }), 9, 2, 0)).toEqual(expect.objectContaining({ options: expect.objectContaining({ maxFeatures: expected }), unsupported: {} }));
    });

    it('should use every feature, and say so, when max_features counts more than there are', () => {
      const { options, unsupported } = mapTabulaForestOptions(classifierParams({ max_features: 12 }), 9, 2, 0);
      expect(options.maxFeatures).toBeNull();
      expect(unsupported.max_features).toContain('more than the 9 features');
    });
  });

  describe('fitTabulaForest(params, data, seed)', () => {
    it('should sample max_features per split, so one tree reaches more than sqrt(d) features', () => {
      const data = makeTabulaData(400, 9, 2, 1);
      const estimator = fitTabulaForest(classifierParams({ n_estimators: 1, max_features: 'sqrt' }), data, 3);
      const forest = forestOf(estimator);
      const used = new Set(Array.from(forest.feature).filter((f) => f >= 0));
      expect(used.size).toBeGreaterThan(3);
    });

    it('should honour max_depth', () => {
      const data = makeTabulaData(300, 4, 2, 2);
      const stump = fitTabulaForest(classifierParams({ n_estimators: 3, max_depth: 1 }), data, 1);
      const forest = forestOf(stump);
      expect(forest.nNodes).toBe(3 * 3);
    });

    it('should record the options given to trainForestSync as engineOptions', () => {
      const estimator = fitTabulaForest(classifierParams({ n_estimators: 4, max_features: 0.5 }), makeTabulaData(100, 4, 3, 3), 11);
      expect(estimator.engineOptions).toEqual({
        library: '@tabula/engines', trainer: 'trainForestSync',
        nEstimators: 4, criterion: 'gini', maxFeatures: 0.5, maxDepth: null, minSamplesSplit: 2, minSamplesLeaf: 1, bootstrap: true, seed: 11, nClasses: 3,
      });
    });

    it('should tell onTreeGrown of each tree, and keep the callback out of engineOptions', () => {
      const calls: Array<[number, number]> = [];
      const estimator = fitTabulaForest(classifierParams({ n_estimators: 3 }), makeTabulaData(80, 3, 2, 7), 2, (nGrown, nTrees) => calls.push([nGrown, nTrees]));
      expect(calls).toEqual([[1, 3], [2, 3], [3, 3]]);
      expect(Object.keys(estimator.engineOptions)).not.toContain('onTreeGrown');
    });

    for (const nClasses of [3, 0]) {
      it(`should predict identically after toJSON → JSON → loadEstimator (${nClasses ? 'classifier' : 'regressor'})`, () => {
        const train = makeTabulaData(300, 5, nClasses, 4);
        const test = makeTabulaData(100, 5, nClasses, 5);
        const spec = parseModelParams(nClasses ? 'RandomForestClassifier' : 'RandomForestRegressor', { n_estimators: 20 });
        const estimator = fitEstimator(spec, train, 8);
        const state = EstimatorStateSchema.parse(JSON.parse(JSON.stringify(estimator.toJSON())));
        expect(state).toMatchObject({ kind: 'tabula-forest', task: nClasses ? 'classification' : 'regression', nFeatures: 5, nClasses });
        const loaded = loadEstimator(state);
        expect(loaded.predict(test.X, test.nRows)).toEqual(estimator.predict(test.X, test.nRows));
        expect(loaded.predictProba?.(test.X, test.nRows)).toEqual(estimator.predictProba?.(test.X, test.nRows));
        expect(loaded.engineOptions).toEqual(estimator.engineOptions);
        expect(loaded.toJSON()).toEqual(state);
      });
    }

    it('should predict identically after toArrayFiles → JSON → loadEstimator(state, files), with the same arrays as toJSON', () => {
      const train = makeTabulaData(300, 5, 3, 4);
      const test = makeTabulaData(100, 5, 3, 5);
      const estimator = fitEstimator(parseModelParams('RandomForestClassifier', { n_estimators: 10 }), train, 8);
      const { state, files } = estimator.toArrayFiles!();
      expect(Object.keys(files)).toEqual(['forest.feature.i32', 'forest.threshold.f64', 'forest.missingLeft.u8', 'forest.left.u32', 'forest.right.u32', 'forest.value.f64', 'forest.treeRoot.u32']);
      const copies = Object.fromEntries(Object.entries(files).map(([file, bytes]) => [file, new Uint8Array(bytes)]));
      const loaded = loadEstimator(EstimatorStateSchema.parse(JSON.parse(JSON.stringify(state))), copies);
      expect(loaded.predictProba?.(test.X, test.nRows)).toEqual(estimator.predictProba?.(test.X, test.nRows));
      expect(forestOf(loaded)).toEqual(forestOf(estimator));
    });

    it('should reject a state whose bytes are not a forest, or not of the stated shape', () => {
      const state = fitTabulaForest(classifierParams({ n_estimators: 2 }), makeTabulaData(50, 3, 2, 6), 1).toJSON();
      expect(() => EstimatorStateSchema.parse({ ...state, forest: 'not base64!' })).toThrow();
      const parsed = EstimatorStateSchema.parse({ ...state, nFeatures: 4 });
      expect(() => loadEstimator(parsed)).toThrow(TypeError);
      expect(() => loadEstimator(EstimatorStateSchema.parse({ ...state, forest: Buffer.from('garbage bytes here').toString('base64') }))).toThrow();
    });
  });

  it('should reach accuracy ≥ 0.9 on iris through trainTabularModel', async () => {
    const iris = await parseCsvFile(fixturePath('iris.csv'));
    const result = trainTabularModel({
      frame: iris, targetColumn: 'variety', columnsToDrop: [], testSize: 0.2,
      spec: parseModelParams('RandomForestClassifier', { random_state: 0, engine: 'tabula' }),
    });
    expect(result.metrics.accuracy).toBeGreaterThanOrEqual(0.9);
    expect(result.engineOptions).toMatchObject({ library: '@tabula/engines', nEstimators: 100, seed: 0 });
  });

  it('should report fitting tree by tree, then evaluating, through trainTabularModel(…, onProgress)', async () => {
    const iris = await parseCsvFile(fixturePath('iris.csv'));
    const stages: string[] = [];
    trainTabularModel({
      frame: iris, targetColumn: 'variety', columnsToDrop: [], testSize: 0.2,
      spec: parseModelParams('RandomForestClassifier', { random_state: 0, n_estimators: 3 }),
      onProgress: (progress) => stages.push(progress.done === undefined ? progress.stage : `${progress.stage} ${progress.done}/${progress.total} ${progress.unit}`),
    });
    expect(stages).toEqual(['fitting 1/3 trees', 'fitting 2/3 trees', 'fitting 3/3 trees', 'evaluating']);
  });
});
