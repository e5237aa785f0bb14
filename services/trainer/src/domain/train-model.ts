import {
  ForestSizeBoundSchema,
  FormatEnvSchema,
  formatLimitsOf,
  invalidInput,
  PreprocessingSpecSchema,
  parseModelParams,
  trainingStoppedBeforeSave,
  type ModelLimits,
  type ModelMetadata,
  type ModelMetadataDraft,
  type FormatLimits,
  type ModelSpec,
  type TrainForm,
  type TrainingProgress,
  type TrainResponse,
} from '@tabula/contracts';
import type { ModelStore } from '@tabula/model-store';
import { buildDriftReference, checkMinMetrics, describeInputs, describeModelArrays, dialectOverridesOf, readTableFile, trainTabularModel, type CsvOptions } from '@tabula/tabular';
import { packageVersions } from './package-versions.js';
import { trainLargeFile } from './train-large-file.js';

export interface TrainModelInput {
  /** The uploaded file (CSV, JSON, NDJSON or Parquet, maybe gzip/zstd-compressed), spooled to disk by the HTTP layer. */
  csvPath: string;
  form: TrainForm;
}

export interface TrainModelOptions {
  /** Hears of each stage (and of each tree of a forest), for the job's progress. */
  report?: (progress: TrainingProgress) => void;
  /** MAX_ROWS, MAX_COLUMNS, MAX_HEADER_BYTES and MAX_CELL_BYTES: a larger file is refused (413) while it is read. */
  csvLimits?: Pick<CsvOptions, 'maxRows' | 'maxColumns' | 'maxHeaderBytes' | 'maxCellBytes'>;
  /** MAX_DECOMPRESSED_MB and MAX_JSON_ARRAY_MB (default: their defaults). */
  formatLimits?: FormatLimits;
  /** MAX_CLASSES, MAX_CATEGORIES and MAX_FEATURES: a larger model is refused (413) before it is fitted. */
  modelLimits?: ModelLimits;
  /** Asked once, just before the version is written: false means the job has been stopped, so nothing is written. */
  maySave?: () => boolean;
  /** Cluster mode: the job this training runs for; a retry of a job that already stored its version returns that version. */
  jobId?: string;
  /** TRAINER_STREAMING_MIN_MB in bytes: a file this large may take the streaming path (train-large-file.ts). */
  streamingMinBytes?: number;
  /** TRAINER_STREAMING_FOREST_MB in bytes: the streaming path's bound on a forest's size (0 or absent: none). */
  streamingForestBytes?: number;
}

/**
 * Reads the CSV, fits preprocessing and model on a training split, scores the held-out split and
 * stores the result as a new immutable version: 'rejected', with the reasons, when it misses a
 * min_metrics threshold (it is still stored, but never served by default). CPU-heavy: the service
 * runs it on a worker thread.
 */
export async function trainModel(
  { csvPath, form }: TrainModelInput,
  store: ModelStore,
  { report = () => undefined, csvLimits = {}, formatLimits = DEFAULT_FORMAT_LIMITS, modelLimits, maySave = () => true, jobId, streamingMinBytes, streamingForestBytes }: TrainModelOptions = {},
): Promise<TrainResponse> {
  const startedAt = performance.now();
  const spec = parseTrainSpec(form);
  // A large CSV of numbers for a forest is read in two streaming passes; anything else in memory, as before.
  const { trained, dataset, driftReference, inputs, forestSizeBound } =
    (await trainLargeFile(csvPath, form, spec, { report, csvLimits, modelLimits, streamingMinBytes, streamingForestBytes, formatLimits })) ?? (await trainInMemory());
  const rejectionReasons = checkMinMetrics(trained.metrics, form.min_metrics);
  const files = trained.model.serialize();
  const draft: ModelMetadataDraft = {
    format_version: 1,
    model_name: form.model_name,
    model_type: spec.modelType,
    task: trained.task,
    engine: spec.params.engine,
    params: {
      given: form.model_params,
      // The streaming path may raise min_samples_leaf to bound a large file's forest (engine_options.forest_size_bound says why).
      applied: { ...spec.params, ...(forestSizeBound && { min_samples_leaf: forestSizeBound.applied.min_samples_leaf }), random_state: trained.randomState },
      engine_options: trained.engineOptions,
      preprocessing: { given: form.preprocessing ?? {}, applied: trained.preprocessing },
    },
    signature: {
      target_column: form.target_column,
      features: trained.features,
      columns_dropped: form.columns_to_drop,
      class_labels: trained.classLabels,
      ...inputs,
    },
    metrics: trained.metrics,
    status: rejectionReasons.length === 0 ? 'ready' : 'rejected',
    rejection_reasons: rejectionReasons,
    min_metrics: form.min_metrics,
    evaluation: trained.evaluation,
    feature_importance: trained.featureImportance,
    data_report: trained.dataReport,
    class_balance: trained.classBalance,
    drift_reference: driftReference,
    split: {
      test_size: form.test_size,
      n_train: trained.nTrain,
      n_test: trained.nTest,
      stratified: trained.stratified,
      random_state: trained.randomState,
    },
    dataset,
    training_ms: Math.round(performance.now() - startedAt),
    package_versions: packageVersions(spec.params.engine),
  };
  report({ stage: 'saving' });
  if (!maySave()) throw trainingStoppedBeforeSave();
  return toTrainResponse(await store.createVersion(draft, files, describeModelArrays(files), { jobId }));

  async function trainInMemory() {
    report({ stage: 'parsing' });
    // The format is sniffed from the content; input_format forces it, csv_options parts of a CSV's dialect.
    const table = await readTableFile(csvPath, { limits: csvLimits, formatLimits, forced: form.input_format, overrides: dialectOverridesOf(form.csv_options) });
    const csv = table.frame;
    report({ stage: 'fitting' });
    const trained = trainTabularModel({
      frame: csv,
      targetColumn: form.target_column,
      columnsToDrop: form.columns_to_drop,
      spec,
      testSize: form.test_size,
      cv: form.cv,
      classBalance: form.class_balance,
      onProgress: report,
      limits: modelLimits,
      // Checked by TrainFormSchema already: this fills the defaults in. A job queued by a trainer from before the field has none.
      preprocessing: PreprocessingSpecSchema.parse(form.preprocessing ?? {}),
    });
    const dataset = { sha256: table.sha256, bytes: table.bytes, n_rows: csv.nRows, n_columns: csv.columns.length, format: table.format };
    return { trained, dataset, driftReference: buildDriftReference(csv, trained.model), inputs: describeInputs(csv, trained.features), forestSizeBound: null };
  }
}

const DEFAULT_FORMAT_LIMITS = formatLimitsOf(FormatEnvSchema.parse({}));

/**
 * The model spec with the request's one seed: the random_state form field, or model_params'
 * random_state (where it was given before the field existed); the two must agree when both are set.
 */
function parseTrainSpec(form: TrainForm): ModelSpec {
  const spec = parseModelParams(form.model_type, form.model_params);
  const fromParams = spec.params.random_state;
  if (form.random_state === undefined) return spec;
  if (fromParams !== null && fromParams !== form.random_state) {
    throw invalidInput(`random_state=${form.random_state} and model_params.random_state=${fromParams} disagree.`, {
      hint: 'Give the seed once, as the random_state form field (it seeds the split, the resampling and the model).',
      details: [{ path: 'random_state', message: `differs from model_params.random_state (${fromParams})` }],
    });
  }
  spec.params.random_state = form.random_state;
  return spec;
}

/** The streaming path's bound on the forest's size, from the version's engine_options, when one applied. */
function forestSizeBoundOf(metadata: ModelMetadata): Pick<TrainResponse, 'forest_size_bound'> {
  const parsed = ForestSizeBoundSchema.safeParse(metadata.params.engine_options.forest_size_bound);
  return parsed.success ? { forest_size_bound: parsed.data } : {};
}

export function toTrainResponse(metadata: ModelMetadata): TrainResponse {
  return {
    model_name: metadata.model_name,
    version: metadata.version,
    model_type: metadata.model_type,
    engine: metadata.engine,
    metrics: metadata.metrics,
    features: metadata.signature.features.map((feature) => feature.name),
    feature_types: metadata.signature.features,
    target_column: metadata.signature.target_column,
    class_labels: metadata.signature.class_labels,
    n_rows: metadata.dataset.n_rows,
    n_train: metadata.split.n_train,
    n_test: metadata.split.n_test,
    status: metadata.status,
    rejection_reasons: metadata.rejection_reasons,
    random_state: metadata.split.random_state ?? null,
    evaluation: metadata.evaluation,
    feature_importance: metadata.feature_importance,
    data_report: metadata.data_report,
    class_balance: metadata.class_balance,
    training_ms: metadata.training_ms,
    created_at: metadata.created_at,
    ...forestSizeBoundOf(metadata),
  };
}
