import type { PredictOneResponse, PredictQuery, PredictResponse } from '@tabula/contracts';
import type { Scorer } from '../scoring/scorer.js';
import { decodePredictBody, type BodyShape } from './decode-predict-body.js';

export interface PredictJsonInput {
  body: unknown;
  query: PredictQuery;
  shape: BodyShape;
  /** MAX_JSON_ROWS. */
  maxRows: number;
}

export interface PredictJsonResult {
  response: PredictResponse | PredictOneResponse;
  /** Names in columns_to_drop that no record has: ignored, and reported in a header. */
  ignoredColumns: string[];
}

/** Decode (JSON → frame) → score → encode: one prediction for a bare record. */
export async function predictJson({ body, query, shape, maxRows }: PredictJsonInput, scorer: Scorer): Promise<PredictJsonResult> {
  const { frame, isSingleRecord } = decodePredictBody(body, shape, maxRows);
  const model = await scorer.resolve(query.model_name, query.model_version);
  const result = await scorer.score({ kind: 'frame', model, frame, columnsToDrop: query.columns_to_drop, returnProba: query.return_proba });
  const { predictions, probabilities } = result.prediction ?? { predictions: [] };
  const answered = { model_name: model.name, model_version: model.version };
  const ignoredColumns = result.ignoredColumns ?? [];
  if (isSingleRecord) return { response: { prediction: predictions[0], ...(probabilities ? { probabilities: probabilities[0] } : {}), ...answered }, ignoredColumns };
  return { response: { predictions, ...(probabilities ? { probabilities } : {}), ...answered }, ignoredColumns };
}
