import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import type { DriftReference, ModelLimits, ModelSpec, TrainForm, TrainingProgress } from '@tabula/contracts';
import { trainStreamingModel, type CsvOptions, type StreamingTrainResult } from '@tabula/tabular';

export interface LargeFileOptions {
  report: (progress: TrainingProgress) => void;
  csvLimits: Pick<CsvOptions, 'maxRows' | 'maxColumns' | 'maxHeaderBytes' | 'maxCellBytes'>;
  modelLimits?: ModelLimits;
  /** TRAINER_STREAMING_MIN_MB in bytes: a smaller file is read into memory as before; absent for never. */
  streamingMinBytes?: number;
}

/**
 * The streaming path's share of a training (docs/operations.md, "Training large files"): a file of
 * at least TRAINER_STREAMING_MIN_MB, for a tabula forest without cv or resampling, is read in two
 * passes that never hold its text or a float matrix of it. Anything else answers null, and the
 * caller trains in memory as it always has; so does a file whose feature columns turn out to hold
 * text, which pass 1 finds (the streaming path fits numeric features only).
 */
export async function trainLargeFile(
  csvPath: string,
  form: TrainForm,
  spec: ModelSpec,
  { report, csvLimits, modelLimits, streamingMinBytes }: LargeFileOptions,
): Promise<{ trained: StreamingTrainResult; dataset: StreamingTrainResult['dataset']; driftReference: DriftReference } | null> {
  if (streamingMinBytes === undefined || !isStreamable(form, spec)) return null;
  const { size } = await stat(csvPath);
  if (size < streamingMinBytes) return null;
  const result = await trainStreamingModel({
    // 1 MiB reads: a 2.5 GB file is read twice, and 64 KiB reads cost a fifth more system time.
    openSource: () => createReadStream(csvPath, { highWaterMark: 1024 * 1024 }),
    targetColumn: form.target_column,
    columnsToDrop: form.columns_to_drop,
    spec,
    testSize: form.test_size,
    onProgress: report,
    limits: modelLimits,
    csv: csvLimits,
  });
  return result && { trained: result, dataset: result.dataset, driftReference: result.driftReference };
}

/** What the streaming path fits: a forest on the tabula engine, without cross-validation or resampling (each needs the rows in memory). */
function isStreamable(form: TrainForm, spec: ModelSpec): boolean {
  const isForest = spec.modelType === 'RandomForestClassifier' || spec.modelType === 'RandomForestRegressor';
  return isForest && spec.params.engine === 'tabula' && form.cv === undefined && (form.class_balance ?? 'none') === 'none';
}
