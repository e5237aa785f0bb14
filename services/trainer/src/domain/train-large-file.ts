import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import type { CsvDialect, DatasetFormat, DriftReference, ForestSizeBound, FormatLimits, ModelLimits, ModelSpec, TrainForm, TrainingProgress } from '@tabula/contracts';
import { dialectOverridesOf, openTableStream, trainStreamingModel, type CsvOptions, type StreamingTrainResult } from '@tabula/tabular';

export interface LargeFileOptions {
  report: (progress: TrainingProgress) => void;
  csvLimits: Pick<CsvOptions, 'maxRows' | 'maxColumns' | 'maxHeaderBytes' | 'maxCellBytes'>;
  modelLimits?: ModelLimits;
  /** TRAINER_STREAMING_MIN_MB in bytes: a smaller file is read into memory as before; absent for never. */
  streamingMinBytes?: number;
  /**
   * TRAINER_STREAMING_FOREST_MB in bytes: what the trees may take together when model_params set neither
   * min_samples_leaf nor max_depth (fully grown trees have about a node per training row, so 100 of them on
   * 8M rows would take over 20 GB); 0 or absent for no bound.
   */
  streamingForestBytes?: number;
  formatLimits: FormatLimits;
}

export interface LargeFileTraining {
  trained: StreamingTrainResult;
  dataset: StreamingTrainResult['dataset'] & { format: DatasetFormat };
  driftReference: DriftReference;
  /** The input schema (exact, from pass 1) and example (from the sample). */
  inputs: StreamingTrainResult['inputs'];
  /** min_samples_leaf raised to keep the forest within streamingForestBytes, or null. */
  forestSizeBound: ForestSizeBound | null;
}

/** The dialect is found in the first bytes (formats/text samples 64 KB and reads on to a line end): 4 MB is ample. */
const PROBE_BYTES = 4 * 1024 * 1024;

/**
 * The streaming path's share of a training (docs/operations.md, "Training large files"): a file of
 * at least TRAINER_STREAMING_MIN_MB, for a tabula forest without cv or resampling, is read in two
 * passes that never hold its text or a float matrix of it. Anything else answers null, and the
 * caller trains in memory as it always has; so does a file whose feature columns turn out to hold
 * text, which pass 1 finds (the streaming path fits numeric features only), and any file that is not
 * an uncompressed UTF-8 CSV (its passes read the spooled bytes as they are, in the detected dialect).
 */
export async function trainLargeFile(
  csvPath: string,
  form: TrainForm,
  spec: ModelSpec,
  { report, csvLimits, modelLimits, streamingMinBytes, streamingForestBytes = 0, formatLimits }: LargeFileOptions,
): Promise<LargeFileTraining | null> {
  if (streamingMinBytes === undefined || !isStreamable(form, spec)) return null;
  const { size } = await stat(csvPath);
  if (size < streamingMinBytes) return null;
  const probed = await probePlainCsv(csvPath, form, formatLimits);
  if (probed === null) return null;
  const result = await trainStreamingModel({
    // 1 MiB reads: a 2.5 GB file is read twice, and 64 KiB reads cost a fifth more system time.
    openSource: () => createReadStream(csvPath, { highWaterMark: 1024 * 1024 }),
    targetColumn: form.target_column,
    columnsToDrop: form.columns_to_drop,
    spec,
    testSize: form.test_size,
    onProgress: report,
    limits: modelLimits,
    csv: { ...csvLimits, dialect: probed.dialect },
    forestBudgetBytes: streamingForestBytes === 0 || isSizeChosen(form) ? undefined : streamingForestBytes,
  });
  return (
    result && {
      trained: result,
      dataset: { ...result.dataset, format: probed.format },
      driftReference: result.driftReference,
      inputs: result.inputs,
      forestSizeBound: result.forestSizeBound,
    }
  );
}

/**
 * The format and dialect of the file's first bytes when it is a CSV the passes can read as spooled:
 * not compressed, UTF-8 (a BOM is fine: the block reader drops it). Anything else is null, and the
 * in-memory path reads it (and answers its errors) as every upload is read.
 */
async function probePlainCsv(csvPath: string, form: TrainForm, formatLimits: FormatLimits): Promise<{ format: DatasetFormat; dialect: CsvDialect } | null> {
  try {
    const table = await openTableStream(
      { open: () => createReadStream(csvPath, { end: PROBE_BYTES - 1 }), path: csvPath },
      { forced: form.input_format, overrides: dialectOverridesOf(form.csv_options), formatLimits },
    );
    if (table.kind !== 'csv') return null;
    // The rest of the probe's 4 MB is read through, so that its file is closed.
    for await (const _ of table.text);
    const isPlain = table.format.compression === 'none' && table.dialect.encoding === 'utf-8';
    return isPlain ? { format: table.format, dialect: table.dialect } : null;
  } catch {
    // A file the probe cannot read is read in memory, which names what is wrong with it.
    return null;
  }
}

/** model_params chose the trees' size: then it is grown as asked, even past the budget. */
function isSizeChosen(form: TrainForm): boolean {
  return 'min_samples_leaf' in form.model_params || 'max_depth' in form.model_params;
}

/** What the streaming path fits: a forest on the tabula engine with the default preprocessing, without cross-validation or resampling (each needs the rows in memory). */
function isStreamable(form: TrainForm, spec: ModelSpec): boolean {
  const isForest = spec.modelType === 'RandomForestClassifier' || spec.modelType === 'RandomForestRegressor';
  // The streaming path fits the default preprocessing only (median imputation of numeric features).
  const hasDefaultPreprocessing = form.preprocessing === undefined || Object.keys(form.preprocessing).length === 0;
  return isForest && spec.params.engine === 'tabula' && form.cv === undefined && (form.class_balance ?? 'none') === 'none' && hasDefaultPreprocessing;
}
