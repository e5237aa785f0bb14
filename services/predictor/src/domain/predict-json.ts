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

/** Decode (JSON → frame) → score → encode: one prediction for a bare record. */
export async function predictJson({ body, query, shape, maxRows }: PredictJsonInput, scorer: Scorer): Promise<PredictResponse | PredictOneResponse> {
  const { frame, isSingleRecord } = decodePredictBody(body, shape, maxRows);
  const model = await scorer.resolve(query.model_name, query.model_version);
  const result = await scorer.score({ kind: 'frame', model, frame, returnProba: query.return_proba });
  const { predictions, probabilities } = result.prediction ?? { predictions: [] };
  const answered = { model_name: model.name, model_version: model.version };
  if (isSingleRecord) return { prediction: predictions[0], ...(probabilities ? { probabilities: probabilities[0] } : {}), ...answered };
  return { predictions, ...(probabilities ? { probabilities } : {}), ...answered };
}
