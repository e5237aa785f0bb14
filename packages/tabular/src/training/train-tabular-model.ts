import {
  PreprocessingSpecSchema,
  invalidInput,
  isClassifier,
  type ClassBalance,
  type ClassBalanceMethod,
  type ClassLabel,
  type DataReport,
  type Evaluation,
  type FeatureImportance,
  type FeatureSpec,
  type Metrics,
  type ModelLimits,
  type ModelSpec,
  type PreprocessingRecord,
  type PreprocessingSpec,
  type Task,
  type TrainingProgress,
} from '@tabula/contracts';
import { assertClassBalanceSupported } from './class-balance.js';
import { assertEncodingSupported, describeApplied } from './describe-preprocessing.js';
import { crossValidate } from './cross-validate.js';
import { buildDataReport } from './data-report.js';
import { encodeTarget } from '../preprocessing/encode-target.js';
import { inferFeatureTypes } from '../preprocessing/fit-preprocessor.js';
import { fitPipeline, toFrameRows } from './fit-pipeline.js';
import type { Frame } from '../frame.js';
import { TRAINING_RNG_STREAMS, createTrainingRng, drawSeed } from './training-rng.js';
import { selectFeatureColumns } from '../preprocessing/select-feature-columns.js';
import { splitTrainTest } from './split-train-test.js';
import type { TabularModel } from '../tabular-model.js';
import { transformFrame } from '../preprocessing/transform-frame.js';
import { scoreHeldOut } from '../metrics/score-held-out.js';

export interface TrainTabularInput {
  frame: Frame;
  targetColumn: string;
  columnsToDrop: string[];
  /** The seed is spec.params.random_state; when null one is drawn and returned. */
  spec: ModelSpec;
  /** Fraction of usable rows held out for the metrics, in (0, 1). */
  testSize: number;
  /** Folds of a cross-validation on the training split (2 to 20); absent for none. */
  cv?: number;
  /** How the training split's classes are rebalanced (classifiers); default none. */
  classBalance?: ClassBalanceMethod;
  /** Hears of the slow steps: each tree of a tabula forest as it is grown, then evaluating. */
  onProgress?: (progress: TrainingProgress) => void;
  /**
   * Caps on what the model may hold (MAX_CLASSES, MAX_CATEGORIES, MAX_FEATURES), each checked as
   * soon as its count is known and before the memory it governs is spent: classes when the target
   * is read, categories and features when the preprocessing is fitted (before the model and cv).
   */
  limits?: ModelLimits;
  /** The preprocessing form field, parsed; absent: today's preprocessing, and the byte-identical model. */
  preprocessing?: PreprocessingSpec;
}

export interface TrainTabularResult {
  model: TabularModel;
  task: Task;
  /** Scores on the held-out rows. */
  metrics: Metrics;
  /** Per-class scores and confusion matrix (classifiers), and the cross-validation when asked for. */
  evaluation: Evaluation;
  featureImportance: FeatureImportance;
  dataReport: DataReport;
  /** Classifiers: how the training split was rebalanced; null for regression. */
  classBalance: ClassBalance | null;
  features: FeatureSpec[];
  classLabels: ClassLabel[] | null;
  /** Rows of the training split (before any resampling) and of the test split. */
  nTrain: number;
  nTest: number;
  stratified: boolean;
  /** The seed used: random_state, or the one drawn when it was null (store it to repeat the run). */
  randomState: number;
  engineOptions: Record<string, unknown>;
  /** The preprocessing applied: the options with their defaults, and the type each feature column was read as. */
  preprocessing: PreprocessingRecord['applied'];
}

/**
 * Trains a model on a frame: checks the request against the data, drops rows without a target,
 * splits off a test set, fits preprocessing, resampling and estimator on the training rows, and
 * evaluates on the test rows (metrics, per-class scores, permutation importance), plus a
 * cross-validation of the training rows when asked. One seed drives every random step, so the same
 * data and random_state give a byte-identical model. Synchronous and CPU-heavy: the trainer runs it
 * in a worker thread. Throws INVALID_INPUT with a hint for every problem in the data, and
 * PAYLOAD_TOO_LARGE for a model past `limits`.
 */
export function trainTabularModel(input: TrainTabularInput): TrainTabularResult {
  const { frame, targetColumn, columnsToDrop, spec, testSize, cv, classBalance = 'none', onProgress, limits, preprocessing } = input;
  if (!(testSize > 0 && testSize < 1)) {
    throw invalidInput(`test_size must be between 0 and 1 (exclusive), got ${testSize}.`, { hint: 'For example test_size=0.2.' });
  }
  const featureColumns = selectFeatureColumns(frame.columns, targetColumn, columnsToDrop);
  const task: Task = isClassifier(spec.modelType) ? 'classification' : 'regression';
  const target = encodeTarget(frame.values[frame.columns.indexOf(targetColumn)], task, targetColumn, limits?.maxClasses);
  assertClassBalanceSupported(spec, classBalance, target.classLabels?.length ?? 0);
  assertEncodingSupported(spec, preprocessing?.categorical_encoding ?? 'onehot');
  const randomState = spec.params.random_state ?? drawSeed();

  const split = splitTrainTest({ nRows: target.rows.length, testSize, seed: randomState, classIdx: target.classLabels === null ? null : target.y });
  const features = inferFeatureTypes(frame, featureColumns, target.rows, preprocessing);
  const pipeline = { frame, features, target, spec, seed: randomState, classBalance, limits, preprocessing };
  const onTreeGrown = onProgress && ((done: number, total: number) => onProgress({ stage: 'fitting', done, total, unit: 'trees' }));
  const balanceRng = createTrainingRng(randomState, TRAINING_RNG_STREAMS.classBalance);
  const { preprocessor, estimator, balance } = fitPipeline({ ...pipeline, positions: split.trainRows, balanceRng, onTreeGrown });

  onProgress?.({ stage: 'evaluating' });
  const test = transformFrame(preprocessor, frame, toFrameRows(target, split.testRows));
  const yTest = Float64Array.from(split.testRows, (i) => target.y[i]);
  const { model, ...scores } = scoreHeldOut({ modelType: spec.modelType, task, preprocessor, estimator, classLabels: target.classLabels, test, yTest, seed: randomState });
  if (cv !== undefined) scores.evaluation.cv = crossValidate({ ...pipeline, positions: split.trainRows, k: cv });
  return {
    model,
    task,
    ...scores,
    dataReport: buildDataReport(frame, targetColumn, columnsToDrop, target),
    classBalance: balance?.report ?? null,
    features: model.features,
    classLabels: target.classLabels,
    nTrain: split.trainRows.length,
    nTest: split.testRows.length,
    stratified: split.stratified,
    randomState,
    engineOptions: estimator.engineOptions,
    preprocessing: describeApplied(preprocessing ?? PreprocessingSpecSchema.parse({}), features),
  };
}
