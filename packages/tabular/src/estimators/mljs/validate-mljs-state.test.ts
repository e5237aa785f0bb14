import { describe, expect, it } from '@jest/globals';
import { parseModelParams, type ModelType } from '@tabula/contracts';
import { MODEL_FILE_NAME } from '../../model-file.js';
import { parseCsvFile } from '../../csv/parse-csv.js';
import { loadTabularModel } from '../../tabular-model.js';
import { catchError } from '../../test-fixtures/catch-error.js';
import { fixturePath } from '../../test-fixtures/fixture-path.js';
import { trainTabularModel } from '../../training/train-tabular-model.js';
import type { EstimatorState } from '../estimator.js';
import { validateMljsState } from './validate-mljs-state.js';

type ForestState = Extract<EstimatorState, { kind: 'mljs-random-forest' }>;
type LogisticState = Extract<EstimatorState, { kind: 'mljs-logistic-regression' }>;
interface Node {
  distribution?: unknown;
  splitValue?: unknown;
  splitColumn?: unknown;
  left?: Node;
  right?: Node;
}

const iris = await parseCsvFile(fixturePath('iris.csv'));
function trainedState(modelType: ModelType, target: string, params: Record<string, unknown>): Record<string, unknown> {
  const spec = parseModelParams(modelType, { ...params, engine: 'mljs' });
  const model = trainTabularModel({ frame: iris, targetColumn: target, columnsToDrop: [], spec, testSize: 0.2 }).model;
  return JSON.parse(new TextDecoder().decode(model.serialize()[MODEL_FILE_NAME])) as Record<string, unknown>;
}
const classifierFile = trainedState('RandomForestClassifier', 'variety', { n_estimators: 3, random_state: 1 });
const regressorFile = trainedState('RandomForestRegressor', 'petal.width', { n_estimators: 2, random_state: 1 });
const logisticFile = trainedState('LogisticRegression', 'variety', { max_iter: 5 });

const copy = <T>(value: T): T => structuredClone(value);
const treeRoot = (state: ForestState, t = 0) => ((state.forest.baseModel as { estimators: Array<{ root: Node }> }).estimators[t].root);
/** The first leaf of a tree, going left. */
function firstLeaf(root: Node): Node {
  let node = root;
  while (node.distribution === undefined) node = node.left as Node;
  return node;
}
function firstSplit(root: Node): Node {
  if (root.distribution !== undefined) throw new Error('the tree is a single leaf');
  return root;
}

describe('validateMljsState(state)', () => {
  it('should accept what ml.js trained', () => {
    for (const file of [classifierFile, regressorFile, logisticFile]) {
      expect(() => validateMljsState(file.estimator as ForestState | LogisticState)).not.toThrow();
    }
  });

  it.each<[string, (state: ForestState) => void, RegExp]>([
    ['a leaf voting past the class count', (s) => (firstLeaf(treeRoot(s)).distribution = [[0, 0, 0, 1]]), /leaf voting over 4 classes in 1 rows; the model has 3 classes/],
    ['a negative leaf weight', (s) => (firstLeaf(treeRoot(s)).distribution = [[-1, 2]]), /leaf weight of -1/],
    ['an infinite leaf weight', (s) => (firstLeaf(treeRoot(s)).distribution = [[Infinity]]), /leaf weight of Infinity/],
    ['a split at NaN', (s) => (firstSplit(treeRoot(s)).splitValue = Number.NaN), /split at NaN, not a finite number/],
    ['a split on a column the tree does not have', (s) => (firstSplit(treeRoot(s)).splitColumn = 40), /splits on column 40, outside the tree's \d+ features/],
    ['a tree over a feature the model does not have', (s) => ((s.forest.baseModel as { indexes: number[][] }).indexes[1][0] = 4), /tree 1 uses feature 4 \(indexes\.1\.0\), outside \[0, 4\)/],
    ['more trees than nEstimators', (s) => ((s.forest.baseModel as { nEstimators: number }).nEstimators = 2), /lists 3 trees, 3 feature sets and nEstimators 2/],
  ])('should refuse a classifier with %s', (_label, damage, message) => {
    const state = copy(classifierFile.estimator) as ForestState;
    damage(state);
    expect(() => validateMljsState(state)).toThrow(RangeError);
    expect(() => validateMljsState(state)).toThrow(message);
  });

  it('should refuse a regression leaf that is not a finite number', () => {
    const state = copy(regressorFile.estimator) as ForestState;
    firstLeaf(treeRoot(state)).distribution = Infinity;
    expect(() => validateMljsState(state)).toThrow(/leaf of Infinity, not a finite number/);
  });

  it.each<[string, (state: LogisticState) => void, RegExp]>([
    ['a classifier more than the classes', (s) => (s.model.classifiers as unknown[]).push((s.model.classifiers as unknown[])[0]), /4 classifiers and numberClasses 3 for 3 classes/],
    ['a weight of Infinity', (s) => ((s.model.classifiers as Array<{ weights: number[][] }>)[1].weights[0][2] = Infinity), /classifier 1 has a weight of Infinity/],
    ['a weight row of the wrong width', (s) => (s.model.classifiers as Array<{ weights: number[][] }>)[0].weights[0].pop(), /classifier 0 has 1 rows of 4 weights; expected 1 row of 5/],
  ])('should refuse a logistic regression with %s', (_label, damage, message) => {
    const state = copy(logisticFile.estimator) as LogisticState;
    damage(state);
    expect(() => validateMljsState(state)).toThrow(message);
  });
});

describe('loadTabularModel(files) of a crafted ml.js model', () => {
  it('should refuse a forest whose leaf votes past the class count as MODEL_CORRUPT, saying so', () => {
    const file = copy(classifierFile) as { estimator: ForestState };
    firstLeaf(treeRoot(file.estimator)).distribution = [[0, 0, 0, 1]];
    const error = catchError(() => loadTabularModel({ [MODEL_FILE_NAME]: new TextEncoder().encode(JSON.stringify(file)) }));
    expect(error).toMatchObject({ code: 'MODEL_CORRUPT', message: expect.stringContaining('leaf voting over 4 classes') });
  });

  it('should refuse a regression leaf of 1e999 (Infinity once parsed) as MODEL_CORRUPT', () => {
    const text = JSON.stringify(regressorFile).replace(/"distribution":[0-9.e-]+/, '"distribution":1e999');
    const error = catchError(() => loadTabularModel({ [MODEL_FILE_NAME]: new TextEncoder().encode(text) }));
    expect(error).toMatchObject({ code: 'MODEL_CORRUPT', message: expect.stringContaining('leaf of Infinity') });
  });
});
