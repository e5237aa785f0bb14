import type { PredictForm, PredictResponse } from '@tabula/contracts';
import { splitCsvBlocks } from '@tabula/tabular';
import { withinCsvLimits, type CsvLimits } from './csv-limits.js';
import type { ModelRef } from './model-registry.js';
import type { OutputFormat } from './output-format.js';
import type { PredictDeps, PredictionLog } from './predict-deps.js';
import type { ScoreResult } from './score-job.js';

/** Blocks of about this size are parsed and scored as one job: big enough to amortize the hop to a worker, small enough that the strings of a parsed block (some 30 bytes a cell) stay a few MB per thread. */
export const BLOCK_BYTES = 256 * 1024;

export interface CsvScoring {
  model: ModelRef;
  columnsToDrop: string[];
  returnProba: boolean;
  format: OutputFormat;
}

/**
 * Decode (CSV blocks) → score → encode, as KServe's data plane does, over a byte stream: blocks
 * are scored as they arrive, several at once, and results come out in input order. Reading stops
 * while results wait to be consumed, so memory stays bounded by the blocks in flight whatever the
 * size of the upload. The model was resolved once, before: every block uses that version.
 */
export async function* scoreCsvStream(
  source: AsyncIterable<Uint8Array>,
  scoring: CsvScoring,
  { scoreRows, parallelism }: Pick<PredictDeps, 'scoreRows' | 'parallelism'>,
  limits: CsvLimits,
): AsyncGenerator<ScoreResult> {
  const inFlight: Array<Promise<ScoreResult>> = [];
  const maxInFlight = parallelism + 1;
  try {
    for await (const block of withinCsvLimits(splitCsvBlocks(source, BLOCK_BYTES, limits), limits)) {
      const job = scoreRows({ kind: 'csv-block', block, ...scoring });
      // Rejections are observed when their turn comes; this only keeps an early one from counting as unhandled.
      job.catch(() => {});
      inFlight.push(job);
      if (inFlight.length >= maxInFlight) yield await (inFlight.shift() as Promise<ScoreResult>);
    }
    while (inFlight.length > 0) yield await (inFlight.shift() as Promise<ScoreResult>);
  } finally {
    inFlight.length = 0;
  }
}

export interface CsvToJsonInput {
  /** The uploaded file's bytes. */
  source: AsyncIterable<Uint8Array>;
  form: PredictForm;
  log: PredictionLog;
}

export interface CsvJsonResult {
  response: PredictResponse;
  model: ModelRef;
  /** Names in columns_to_drop that the file lacks: ignored, and reported in a header. */
  ignoredColumns: string[];
}

/** The whole upload scored into one JSON answer (the default for ordinary files); logged and counted. */
export async function predictCsvToJson({ source, form, log }: CsvToJsonInput, deps: PredictDeps): Promise<CsvJsonResult> {
  const model = await deps.registry.resolve(form.model_name, form.model_version);
  const scoring = { model, columnsToDrop: form.columns_to_drop, returnProba: form.return_proba, format: 'json' as const };
  const predictions: PredictResponse['predictions'] = [];
  const probabilities: NonNullable<PredictResponse['probabilities']> = [];
  let ignoredColumns: string[] = [];
  for await (const result of scoreCsvStream(source, scoring, deps, deps.csvLimits)) {
    ignoredColumns = result.ignoredColumns ?? ignoredColumns;
    const prediction = result.prediction;
    if (!prediction) continue;
    for (const p of prediction.predictions) predictions.push(p);
    if (prediction.probabilities) for (const p of prediction.probabilities) probabilities.push(p);
  }
  const response = {
    predictions,
    ...(scoring.returnProba ? { probabilities } : {}),
    model_name: scoring.model.name,
    model_version: scoring.model.version,
  };
  log.info({ model_name: model.name, model_version: model.version, rows: response.predictions.length }, 'predicted');
  deps.recordPrediction(model, response.predictions.length);
  return { response, model, ignoredColumns };
}
