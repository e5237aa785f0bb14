import {
  JsonRecordListSchema,
  JsonRecordSchema,
  MLFLOW_BODY_KEYS,
  MLFLOW_BODY_SCHEMAS,
  PREDICT_JSON_FORMATS,
  invalidInput,
  issuesToDetails,
  tooManyJsonRows,
  type DataframeSplitBody,
  type ErrorDetail,
  type JsonRecord,
  type MlflowBodyKey,
  type TabulaError,
} from '@tabula/contracts';
import { frameFromRecords, type Frame } from '@tabula/tabular';
import type { z } from '@tabula/contracts';

/** "record": POST /predict (a bare object is one record); "batch": POST /predict_batch (a bare array). */
export type BodyShape = 'record' | 'batch';

export interface DecodedBody {
  frame: Frame;
  /** A bare record was sent, so the answer is one prediction rather than a list. */
  isSingleRecord: boolean;
}

/**
 * JSON body → frame, as MLflow's scoring server decodes: the MLflow key present picks the format;
 * otherwise the body is one record (/predict) or an array of records (/predict_batch). The rows are
 * counted from the body's shape before any is checked or copied, and more than maxRows
 * (MAX_JSON_ROWS) is refused: checking, the frame, the predictions and the answer each cost memory
 * per row, which a streamed CSV answer does not.
 */
export function decodePredictBody(body: unknown, shape: BodyShape, maxRows = Number.POSITIVE_INFINITY): DecodedBody {
  const keys = isPlainObject(body) ? MLFLOW_BODY_KEYS.filter((key) => key in body) : [];
  if (keys.length > 1) {
    throw badBody(`The JSON body holds ${keys.map((k) => `"${k}"`).join(' and ')}; send exactly one format.`, []);
  }
  const [key] = keys;
  const nRows = countRows(body, key);
  if (nRows > maxRows) throw tooManyJsonRows(nRows, maxRows);
  if (key !== undefined) return { frame: decodeMlflow(key, body), isSingleRecord: false };
  if (shape === 'record') {
    const record = parseBody(JsonRecordSchema, body, 'record');
    return { frame: frameFromRecords([record]), isSingleRecord: true };
  }
  return { frame: frameFromRecords(parseBody(JsonRecordListSchema, body, 'records')), isSingleRecord: false };
}

/** The rows a body holds by its shape alone (0 when the shape is wrong: the schema says why). */
function countRows(body: unknown, key: MlflowBodyKey | undefined): number {
  if (key === undefined) return Array.isArray(body) ? body.length : 1;
  const value = (body as Record<string, unknown>)[key];
  const rows = key === 'dataframe_split' && isPlainObject(value) ? value.data : value;
  return Array.isArray(rows) ? rows.length : 0;
}

function decodeMlflow(key: MlflowBodyKey, body: unknown): Frame {
  if (key === 'dataframe_split') return frameFromSplit(parseBody(MLFLOW_BODY_SCHEMAS.dataframe_split, body, key));
  const parsed = parseBody(MLFLOW_BODY_SCHEMAS[key], body, key) as Record<string, JsonRecord[]>;
  return frameFromRecords(parsed[key]);
}

function frameFromSplit({ dataframe_split: { columns, data } }: DataframeSplitBody): Frame {
  const duplicates = columns.filter((name, i) => columns.indexOf(name) !== i);
  if (duplicates.length > 0) {
    throw badBody(`dataframe_split.columns names ${duplicates.map((n) => `"${n}"`).join(', ')} more than once.`, [
      { path: 'dataframe_split.columns', message: 'column names must be unique' },
    ]);
  }
  const ragged = data.flatMap((row, i) =>
    row.length === columns.length
      ? []
      : [{ path: `dataframe_split.data.${i}`, message: `has ${row.length} values for ${columns.length} columns` }],
  );
  if (ragged.length > 0) {
    throw badBody(`Some dataframe_split rows do not match the ${columns.length} columns: ${ragged.slice(0, 3).map((d) => `${d.path} ${d.message}`).join('; ')}.`, ragged);
  }
  return frameFromRecords(data.map((row) => Object.fromEntries(columns.map((name, i) => [name, row[i]]))));
}

function parseBody<T extends z.ZodType>(schema: T, body: unknown, what: string): z.infer<T> {
  const result = schema.safeParse(body);
  if (result.success) return result.data;
  const details = issuesToDetails(result.error.issues);
  const summary = details.slice(0, 5).map((d) => `${d.path} ${d.message}`).join('; ');
  throw badBody(`Invalid JSON body (read as ${what}): ${summary}.`, details);
}

function badBody(message: string, details: ErrorDetail[]): TabulaError {
  return invalidInput(message, { hint: `Accepted formats: ${PREDICT_JSON_FORMATS.join('; ')}.`, details });
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}
