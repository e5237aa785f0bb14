import type { PredictOneResponse, PredictQuery, PredictResponse } from '@tabula/contracts';
import { decodePredictBody, type BodyShape } from './decode-predict-body.js';
import type { ModelRef } from './model-registry.js';
import type { PredictDeps, PredictionLog } from './predict-deps.js';

export interface PredictJsonInput {
  body: unknown;
  query: PredictQuery;
  shape: BodyShape;
  log: PredictionLog;
}

export interface PredictJsonResult {
  response: PredictResponse | PredictOneResponse;
  model: ModelRef;
  /** Names in columns_to_drop that no record has: ignored, and reported in a header. */
  ignoredColumns: string[];
}

/** Decode (JSON → frame) → resolve → score → encode; logged and counted. A bare record gets one prediction. */
export async function predictJson({ body, query, shape, log }: PredictJsonInput, deps: PredictDeps): Promise<PredictJsonResult> {
  const { frame, isSingleRecord } = decodePredictBody(body, shape, deps.maxJsonRows);
  const model = await deps.registry.resolve(query.model_name, query.model_version);
  const result = await deps.scoreRows({ kind: 'frame', model, frame, columnsToDrop: query.columns_to_drop, returnProba: query.return_proba });
  const { predictions, probabilities } = result.prediction ?? { predictions: [] };
  const answered = { model_name: model.name, model_version: model.version };
  const ignoredColumns = result.ignoredColumns ?? [];
  const response = isSingleRecord
    ? { prediction: predictions[0], ...(probabilities ? { probabilities: probabilities[0] } : {}), ...answered }
    : { predictions, ...(probabilities ? { probabilities } : {}), ...answered };
  log.info({ model_name: model.name, model_version: model.version, shape }, 'predicted');
  deps.recordPrediction(model, isSingleRecord ? 1 : predictions.length);
  return { response, model, ignoredColumns };
}
