import { recordsBreakSchema, type PredictOneResponse, type PredictQuery, type PredictResponse } from '@tabula/contracts';
import { checkRecords } from '@tabula/tabular';
import { decodePredictBody, type BodyShape } from './decode-predict-body.js';
import { dropColumns } from './drop-columns.js';
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

/**
 * Decode (JSON → frame) → resolve → check against the version's input schema → score → encode; logged
 * and counted. A bare record gets one prediction. With schema_enforcement=strict (the default) records
 * that break the schema are refused with one 422 naming every offending field; with warn they are
 * scored and the findings answered in `warnings`.
 */
export async function predictJson({ body, query, shape, log }: PredictJsonInput, deps: PredictDeps): Promise<PredictJsonResult> {
  const { frame: decoded, isSingleRecord } = decodePredictBody(body, shape, deps.maxJsonRows);
  const model = await deps.registry.resolve(query.model_name, query.model_version);
  // columns_to_drop first, so that the check sees what the model will: a dropped feature is missing.
  const { frame, absent: ignoredColumns } = dropColumns(decoded, query.columns_to_drop);
  const signature = await deps.readSignature(model);
  const check = checkRecords(frame, signature.input_schema, { knownColumns: [signature.target_column, ...signature.columns_dropped] });
  const isWarn = query.schema_enforcement === 'warn';
  if (!isWarn && check.nErrors > 0) {
    log.info({ model_name: model.name, model_version: model.version, shape, schema_errors: check.nErrors }, 'records break the input schema');
    throw recordsBreakSchema(`model "${model.name}" version ${model.version}`, check.errors, check.nErrors);
  }
  const result = await deps.scoreRows({ kind: 'frame', model, frame: check.frame, columnsToDrop: [], returnProba: query.return_proba });
  const { predictions, probabilities } = result.prediction ?? { predictions: [] };
  const answered = { model_name: model.name, model_version: model.version };
  const warnings = isWarn && check.nFindings > 0 ? { warnings: check.findings } : {};
  const response = isSingleRecord
    ? { prediction: predictions[0], ...(probabilities ? { probabilities: probabilities[0] } : {}), ...answered, ...warnings }
    : { predictions, ...(probabilities ? { probabilities } : {}), ...answered, ...warnings };
  log.info({ model_name: model.name, model_version: model.version, shape, ...(isWarn ? { schema_findings: check.nFindings } : {}) }, 'predicted');
  deps.recordPrediction(model, isSingleRecord ? 1 : predictions.length);
  return { response, model, ignoredColumns };
}
