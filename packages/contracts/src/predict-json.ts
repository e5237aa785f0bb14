import { PredictFormSchema } from './forms.js';
import { z } from './z.js';

// JSON scoring bodies: one bare record, an array of records, or MLflow's scoring-server formats.
// model_name, model_version and return_proba travel in the query string for JSON calls.

/** The body formats JSON prediction accepts, as error hints list them. */
export const PREDICT_JSON_FORMATS = [
  '{"feature": value, …} (one record, POST /predict only)',
  '[{"feature": value, …}, …] (records, POST /predict_batch only)',
  '{"dataframe_split": {"columns": [...], "data": [[...], …]}}',
  '{"dataframe_records": [{"feature": value, …}, …]}',
  '{"instances": [{"feature": value, …}, …]}',
] as const;

/** The MLflow keys, each naming one format; a body holds exactly one of them. */
export const MLFLOW_BODY_KEYS = ['dataframe_split', 'dataframe_records', 'instances'] as const;
export type MlflowBodyKey = (typeof MLFLOW_BODY_KEYS)[number];

const CellSchema = z.union([z.string(), z.number(), z.boolean(), z.null()], {
  message: 'must be a string, number, boolean or null',
});
const nonEmpty = { message: 'is empty: send at least one record' };

export const JsonRecordSchema = z
  .record(z.string(), CellSchema, { message: 'must be an object of feature names to values' })
  .openapi('JsonRecord', { example: { 'sepal.length': 5.1, 'sepal.width': 3.5, 'petal.length': 1.4, 'petal.width': 0.2 } });
export type JsonRecord = z.infer<typeof JsonRecordSchema>;

export const JsonRecordListSchema = z
  .array(JsonRecordSchema, {
    message: 'must be an array of records, or an object with dataframe_split, dataframe_records or instances',
  })
  .min(1, nonEmpty);

export const DataframeSplitBodySchema = z
  .object({
    dataframe_split: z.object(
      {
        columns: z.array(z.string({ message: 'column names must be strings' }), { message: 'must be an array of column names' }).min(1, { message: 'must name at least one column' }),
        data: z.array(z.array(CellSchema, { message: 'each row must be an array of values' }), { message: 'must be an array of rows' }).min(1, nonEmpty),
      },
      { message: 'must be an object with "columns" and "data"' },
    ),
  })
  .openapi('DataframeSplitBody');
export type DataframeSplitBody = z.infer<typeof DataframeSplitBodySchema>;

export const DataframeRecordsBodySchema = z
  .object({ dataframe_records: JsonRecordListSchema })
  .openapi('DataframeRecordsBody');
export const InstancesBodySchema = z.object({ instances: JsonRecordListSchema }).openapi('InstancesBody');

/** Schema for the body that carries one MLflow key. */
export const MLFLOW_BODY_SCHEMAS = {
  dataframe_split: DataframeSplitBodySchema,
  dataframe_records: DataframeRecordsBodySchema,
  instances: InstancesBodySchema,
} as const satisfies Record<MlflowBodyKey, z.ZodType>;

/** What the documentation shows for JSON POST /predict. */
export const PredictJsonBodySchema = z
  .union([JsonRecordSchema, DataframeSplitBodySchema, DataframeRecordsBodySchema, InstancesBodySchema])
  .openapi('PredictJsonBody');
/** What the documentation shows for POST /predict_batch. */
export const PredictBatchBodySchema = z
  .union([JsonRecordListSchema, DataframeSplitBodySchema, DataframeRecordsBodySchema, InstancesBodySchema])
  .openapi('PredictBatchBody');

/** Query parameters of a JSON prediction (multipart /predict reads them too; form fields win). */
export const PredictQuerySchema = PredictFormSchema.pick({
  model_name: true,
  model_version: true,
  return_proba: true,
  schema_enforcement: true,
  columns_to_drop: true,
});
export type PredictQuery = z.infer<typeof PredictQuerySchema>;

/** How POST /predict with a CSV upload answers: one JSON document, or rows streamed as CSV or NDJSON. */
export const PREDICT_OUTPUT_FORMATS = ['json', 'csv', 'ndjson', 'parquet'] as const;
export const PredictOutputFormatSchema = z.enum(PREDICT_OUTPUT_FORMATS, {
  message: 'must be json, csv, ndjson or parquet (csv, ndjson and parquet stream the scored rows back while the upload is read)',
});
export type PredictOutputFormat = z.infer<typeof PredictOutputFormatSchema>;

/** The `format` query parameter of a multipart POST /predict; the Accept header is the other way to ask. */
export const PredictFormatQuerySchema = z.object({ format: PredictOutputFormatSchema.optional() });
