import type { PredictOneResponse, PredictQuery, PredictResponse } from '@tabula/contracts';
import { decodePredictBody, type BodyShape } from './decode-predict-body.js';
import type { ModelRegistry } from './model-registry.js';

export interface PredictJsonInput {
  body: unknown;
  query: PredictQuery;
  shape: BodyShape;
}

/** Decode (JSON → frame) → get name@version → predict → encode: one prediction for a bare record. */
export async function predictJson(
  { body, query, shape }: PredictJsonInput,
  registry: ModelRegistry,
): Promise<PredictResponse | PredictOneResponse> {
  const { frame, isSingleRecord } = decodePredictBody(body, shape);
  const loaded = await registry.get(query.model_name, query.model_version);
  const { predictions, probabilities } = loaded.model.predict(frame, { returnProba: query.return_proba });
  const model = { model_name: loaded.name, model_version: loaded.version };
  if (isSingleRecord) return { prediction: predictions[0], ...(probabilities ? { probabilities: probabilities[0] } : {}), ...model };
  return { predictions, ...(probabilities ? { probabilities } : {}), ...model };
}
