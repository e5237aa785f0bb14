import { BINNING_SUBSAMPLE_ROWS, fitForestBinEdges } from '@tabula/engines';
import {
  PreprocessingSpecSchema,
  invalidInput,
  modelLimitExceeded,
  type DataReport,
  type DriftReference,
  type ForestSizeBound,
  type ModelMetadata,
  type ModelLimits,
  type ModelSpec,
  type TrainingProgress,
} from '@tabula/contracts';
import type { CsvBatchOptions } from '../../csv/read-csv-batches.js';
import { fitTabulaForestOnBins } from '../../estimators/tabula/tabula-forest.js';
import { buildDriftReference } from '../../monitoring/drift-reference.js';
import type { PreprocessorState } from '../../preprocessing/preprocessor-state.js';
import { splitTrainTest } from '../split-train-test.js';
import { createTrainingRng, drawSeed } from '../training-rng.js';
import type { TrainTabularResult } from '../train-tabular-model.js';
import { binTrainingFile, type BinnedFile } from './bin-training-file.js';
import { boundForestSize } from './bound-forest-size.js';
import { planStreamedRows } from './plan-streamed-rows.js';
import { scanTrainingFile } from './scan-training-file.js';
import { countSampleDistinct, fitSampleMedians, sampleFrame } from './sample-matrix.js';
import { balanceClasses } from '../class-balance.js';
import { describeApplied } from '../describe-preprocessing.js';
import { countClasses } from '../data-report.js';
import { scoreHeldOut } from '../../metrics/score-held-out.js';
import { pickInputExample } from '../../signature/pick-input-example.js';

/** Generator streams of the streaming path, apart from TRAINING_RNG_STREAMS (1..3). */
const STREAMING_RNG_STREAMS = { rowSample: 101, evaluationRows: 102 } as const;
/** Bytes the row sample may take: 250k rows × 30 features is 60 MB; a wider file keeps fewer rows. */
const SAMPLE_MAX_BYTES = 256 * 1024 * 1024;

export interface StreamingTrainInput {
  /** Opens the file's bytes; called once per pass. */
  openSource: () => AsyncIterable<Uint8Array>;
  targetColumn: string;
  columnsToDrop: string[];
  /** A forest (RandomForestClassifier or RandomForestRegressor) on the tabula engine; the caller checks. */
  spec: ModelSpec;
  testSize: number;
  onProgress?: (progress: TrainingProgress) => void;
  limits?: ModelLimits;
  /** MAX_ROWS and the byte limits of the CSV. */
  csv?: CsvBatchOptions & { maxRows?: number };
  /** Caps below the defaults (the sample's rows, the rows scored), so tests reach the large-file regime on a small file. */
  sampleMaxRows?: number;
  maxEvalRows?: number;
  /**
   * Bytes the trees may take together: min_samples_leaf is raised until they fit (boundForestSize).
   * Absent for no bound; the caller leaves it out when model_params set min_samples_leaf or max_depth.
   */
  forestBudgetBytes?: number;
}

export interface StreamingTrainResult extends TrainTabularResult {
  dataset: { sha256: string; bytes: number; n_rows: number; n_columns: number };
  driftReference: DriftReference;
  /**
   * The input schema from pass 1's figures over every row (required, min, max: what buildInputSchema finds
   * on the whole file), and an input example from the sample.
   */
  inputs: Pick<ModelMetadata['signature'], 'input_schema' | 'input_example'>;
  /** min_samples_leaf raised to keep the forest within forestBudgetBytes, or null when the trees grew as asked. */
  forestSizeBound: ForestSizeBound | null;
}

/**
 * Trains a forest on a CSV too large to hold, in two passes over the file (docs/operations.md,
 * "Training large files"). Pass 1 encodes the target, counts rows and keeps a uniform sample of rows;
 * the split is then drawn exactly as splitTrainTest draws it in memory (the counts are known), and the
 * medians and bin edges are fitted on the sample's training rows. Pass 2 bins every training row to a
 * byte per feature; the forest grows on those bytes. Metrics and importances come from at most
 * MAX_EVAL_ROWS held-out rows, the drift reference from the sample. On a file whose usable rows fit
 * the sample (250k at test_size 0.2) every step sees what the in-memory path sees, so the model is the
 * same. Returns null when a feature column holds text: categorical features are fitted in memory.
 */
export async function trainStreamingModel(input: StreamingTrainInput): Promise<StreamingTrainResult | null> {
  const { spec, testSize, targetColumn, columnsToDrop, onProgress, limits } = input;
  if (spec.modelType !== 'RandomForestClassifier' && spec.modelType !== 'RandomForestRegressor') throw new TypeError(`the streaming path fits forests, not ${spec.modelType}`);
  if (!(testSize > 0 && testSize < 1)) {
    throw invalidInput(`test_size must be between 0 and 1 (exclusive), got ${testSize}.`, { hint: 'For example test_size=0.2.' });
  }
  const task = spec.modelType === 'RandomForestClassifier' ? 'classification' : 'regression';
  const seed = spec.params.random_state ?? drawSeed();
  const scanned = await scanTrainingFile(input.openSource(), {
    targetColumn,
    columnsToDrop,
    task,
    sampleRows: (nFeatures) =>
      Math.max(1, Math.min(input.sampleMaxRows ?? Infinity, Math.ceil(BINNING_SUBSAMPLE_ROWS / (1 - testSize)), Math.floor(SAMPLE_MAX_BYTES / (8 * nFeatures)))),
    sampleRng: createTrainingRng(seed, STREAMING_RNG_STREAMS.rowSample),
    maxClasses: limits?.maxClasses,
    maxRows: input.csv?.maxRows,
    csv: input.csv,
    onRows: (done) => onProgress?.({ stage: 'parsing', done, unit: 'rows' }),
  });
  if (scanned.kind === 'categorical') return null;
  const { featureColumns, target } = scanned;
  const nFeatures = featureColumns.length;
  if (limits !== undefined && nFeatures > limits.maxFeatures) throw modelLimitExceeded('features', nFeatures, limits.maxFeatures, 'The training data');

  const split = splitTrainTest({ nRows: target.y.length, testSize, seed, classIdx: target.classLabels === null ? null : target.y });
  const plan = planStreamedRows(split, createTrainingRng(seed, STREAMING_RNG_STREAMS.evaluationRows), input.maxEvalRows);
  const { medians, sampleX, nSample } = fitSampleMedians(scanned.sample, plan.isTest, featureColumns);
  const edges = fitForestBinEdges(sampleX, nSample, nFeatures, seed);
  const preprocessor: PreprocessorState = { columns: featureColumns.map((name, f) => ({ name, type: 'numeric', median: medians[f] })) };

  const nTotal = scanned.nFileRows;
  // Held in a variable that is cleared after fitting: the bins (rows × features bytes) go before the forest is flattened and saved.
  let bins: BinnedFile | null = await binTrainingFile(input.openSource(), {
    featureColumns,
    isUsable: scanned.isUsable,
    rowCodes: plan.rowCodes,
    nTrain: split.trainRows.length,
    nEval: plan.evalRows.length,
    medians,
    edges,
    csv: input.csv,
    onRows: (done) => onProgress?.({ stage: 'binning', done, total: nTotal, unit: 'rows' }),
  });
  const nClasses = target.classLabels?.length ?? 0;
  const yTrain = Float64Array.from(split.trainRows, (i) => target.y[i]);
  const onTreeGrown = onProgress && ((done: number, total: number) => onProgress({ stage: 'fitting', done, total, unit: 'trees' }));
  const nOutputs = Math.max(1, nClasses);
  const forestSizeBound = input.forestBudgetBytes === undefined ? null : boundForestSize(spec.params, yTrain.length, nOutputs, input.forestBudgetBytes);
  const params = forestSizeBound === null ? spec.params : { ...spec.params, min_samples_leaf: forestSizeBound.applied.min_samples_leaf };
  const estimator = fitTabulaForestOnBins(params, { binned: bins.binned, nRows: yTrain.length, edges, y: yTrain, nClasses }, seed, onTreeGrown);
  const evalX = bins.evalX;
  bins = null;
  estimator.engineOptions.streaming = { passes: 2, sample_rows: nSample, evaluation_rows: plan.evalRows.length };
  if (forestSizeBound !== null) estimator.engineOptions.forest_size_bound = forestSizeBound;

  onProgress?.({ stage: 'evaluating' });
  const test = { X: evalX, nRows: plan.evalRows.length, nFeatures };
  const yTest = Float64Array.from(plan.evalRows, (i) => target.y[i]);
  const { model, ...scores } = scoreHeldOut({ modelType: spec.modelType, task, preprocessor, estimator, classLabels: target.classLabels, test, yTest, seed });
  const dataReport: DataReport = {
    n_rows: nTotal,
    n_columns: scanned.columns.length,
    n_rows_without_target: nTotal - target.y.length,
    columns: scanned.stats.map((stats) => stats.toReport(countSampleDistinct(scanned.sample, featureColumns.indexOf(stats.name)))),
    class_counts: target.classLabels === null ? null : countClasses(target.y, target.classLabels),
  };
  const sample = sampleFrame(scanned.sample, featureColumns);
  const inputSchema = { columns: featureColumns.map((name) => scanned.stats[scanned.columns.indexOf(name)].toInputColumn()) };
  return {
    model,
    task,
    ...scores,
    dataReport,
    // Nothing is resampled here: the report lists the training split's classes, before and after alike.
    classBalance: target.classLabels === null ? null : balanceClasses(split.trainRows, target.y, target.classLabels, 'none', () => 0).report,
    features: model.features,
    // The streaming path fits the default preprocessing only (the trainer sends any other here never).
    preprocessing: describeApplied(PreprocessingSpecSchema.parse({}), model.features),
    classLabels: target.classLabels,
    nTrain: split.trainRows.length,
    nTest: split.testRows.length,
    stratified: split.stratified,
    randomState: seed,
    engineOptions: estimator.engineOptions,
    dataset: { sha256: scanned.sha256, bytes: scanned.bytes, n_rows: nTotal, n_columns: scanned.columns.length },
    driftReference: buildDriftReference(sample, model),
    inputs: { input_schema: inputSchema, input_example: pickInputExample(sample, inputSchema.columns) },
    forestSizeBound,
  };
}
