import type { PredictForm, PredictResponse } from '@tabula/contracts';
import type { TableSource } from '@tabula/tabular';
import type { ModelRef } from './model-registry.js';
import type { PredictDeps, PredictionLog } from './predict-deps.js';
import { readingOf, scoreTableStream } from './score-table-stream.js';

export interface UploadToJsonInput {
  /** The uploaded file, in any format (sniffed). */
  source: TableSource;
  form: PredictForm;
  log: PredictionLog;
}

export interface UploadJsonResult {
  response: PredictResponse;
  model: ModelRef;
  /** Names in columns_to_drop that the file lacks: ignored, and reported in a header. */
  ignoredColumns: string[];
}

/** The whole upload (CSV, JSON, NDJSON or Parquet) scored into one JSON answer (the default for ordinary files); logged and counted. */
export async function predictUploadToJson({ source, form, log }: UploadToJsonInput, deps: PredictDeps): Promise<UploadJsonResult> {
  const model = await deps.registry.resolve(form.model_name, form.model_version);
  const scoring = { model, columnsToDrop: form.columns_to_drop, returnProba: form.return_proba, format: 'json' as const };
  const predictions: PredictResponse['predictions'] = [];
  const probabilities: NonNullable<PredictResponse['probabilities']> = [];
  let ignoredColumns: string[] = [];
  for await (const result of scoreTableStream(source, scoring, deps, deps.csvLimits, readingOf(form))) {
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
