import { invalidInput, isClassifier, type ClassLabel, type FeatureSpec, type Metrics, type ModelSpec, type Task } from '@tabula/contracts';
import { encodeTarget } from './encode-target.js';
import { fitEstimator } from './estimators/create-estimator.js';
import type { Estimator } from './estimators/estimator.js';
import { fitPreprocessor, inferFeatureTypes } from './fit-preprocessor.js';
import type { Frame } from './frame.js';
import { classificationMetrics } from './metrics/classification-metrics.js';
import { regressionMetrics } from './metrics/regression-metrics.js';
import { expandFeatureNames, type PreprocessorState } from './preprocessor-state.js';
import { drawSeed } from './seeded-rng.js';
import { selectFeatureColumns } from './select-feature-columns.js';
import { splitTrainTest } from './split-train-test.js';
import { createTabularModel, type TabularModel } from './tabular-model.js';
import { transformFrame, type FeatureMatrix } from './transform-frame.js';

export interface TrainTabularInput {
  frame: Frame;
  targetColumn: string;
  columnsToDrop: string[];
  spec: ModelSpec;
  /** Fraction of usable rows held out for the metrics, in (0, 1). */
  testSize: number;
}

export interface TrainTabularResult {
  model: TabularModel;
  task: Task;
  /** Scores on the held-out rows. */
  metrics: Metrics;
  features: FeatureSpec[];
  classLabels: ClassLabel[] | null;
  nTrain: number;
  nTest: number;
  stratified: boolean;
  /** The seed used: random_state, or the one drawn when it was null (store it to repeat the run). */
  randomState: number;
  engineOptions: Record<string, unknown>;
}

/**
 * Trains a model on a frame: checks the request against the data, drops rows without a target,
 * splits off a test set, fits preprocessing and estimator on the training rows and scores the
 * test rows. Synchronous and CPU-heavy: the trainer runs it in a worker thread. Throws
 * INVALID_INPUT with a hint for every problem in the data.
 */
export function trainTabularModel({ frame, targetColumn, columnsToDrop, spec, testSize }: TrainTabularInput): TrainTabularResult {
  if (!(testSize > 0 && testSize < 1)) {
    throw invalidInput(`test_size must be between 0 and 1 (exclusive), got ${testSize}.`, { hint: 'For example test_size=0.2.' });
  }
  const featureColumns = selectFeatureColumns(frame.columns, targetColumn, columnsToDrop);
  const task: Task = isClassifier(spec.modelType) ? 'classification' : 'regression';
  const target = encodeTarget(frame.values[frame.columns.indexOf(targetColumn)], task, targetColumn);
  const nClasses = target.classLabels?.length ?? 0;
  const randomState = spec.params.random_state ?? drawSeed();

  const split = splitTrainTest({ nRows: target.rows.length, testSize, seed: randomState, classIdx: task === 'classification' ? target.y : null });
  const trainRows = split.trainRows.map((i) => target.rows[i]);
  const testRows = split.testRows.map((i) => target.rows[i]);
  const preprocessor = fitPreprocessor(frame, inferFeatureTypes(frame, featureColumns, target.rows), trainRows);
  const train = transformFrame(preprocessor, frame, trainRows);
  assertSomeFeatureVaries(train, preprocessor);

  const estimator = fitEstimator(spec, { ...train, y: Float64Array.from(split.trainRows, (i) => target.y[i]), nClasses }, randomState);
  const test = transformFrame(preprocessor, frame, testRows);
  const yTest = Float64Array.from(split.testRows, (i) => target.y[i]);
  const model = createTabularModel({ modelType: spec.modelType, task, preprocessor, estimator, classLabels: target.classLabels });
  return {
    model,
    task,
    metrics: scoreTestSet(estimator, test, yTest, nClasses),
    features: model.features,
    classLabels: target.classLabels,
    nTrain: train.nRows,
    nTest: test.nRows,
    stratified: split.stratified,
    randomState,
    engineOptions: estimator.engineOptions,
  };
}

function scoreTestSet(estimator: Estimator, test: FeatureMatrix, yTest: Float64Array, nClasses: number): Metrics {
  if (nClasses === 0) return regressionMetrics(yTest, estimator.predict(test.X, test.nRows));
  const yPred = estimator.predict(test.X, test.nRows);
  if (nClasses !== 2 || estimator.predictProba === undefined) return classificationMetrics(yTest, yPred, nClasses);
  const proba = estimator.predictProba(test.X, test.nRows);
  return classificationMetrics(yTest, yPred, nClasses, proba.filter((_, i) => i % 2 === 1));
}

function assertSomeFeatureVaries({ X, nRows, nFeatures }: FeatureMatrix, preprocessor: PreprocessorState): void {
  for (let featureIdx = 0; featureIdx < nFeatures; featureIdx++) {
    const offset = featureIdx * nRows;
    for (let row = 1; row < nRows; row++) if (X[offset + row] !== X[offset]) return;
  }
  const names = preprocessor.columns.map((column) => `"${column.name}"`).join(', ');
  throw invalidInput(`Every feature column is constant in the training rows, so there is nothing to learn from: ${names}.`, {
    hint: 'Add columns that vary between rows, or check that the file was exported correctly.',
  });
}
