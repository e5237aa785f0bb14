import { CsvDialectSchema } from './csv-dialect.js';
import { blankToUndefined, notPrefilled } from './form-fields.js';
import { z } from './z.js';

/**
 * How an uploaded table file is written: detected from its content (packages/tabular formats/), never
 * from its name, unless the `input_format` form field or query parameter forces the reading.
 */
export const TABLE_FORMAT_TYPES = ['csv', 'json', 'ndjson', 'parquet'] as const;
export const TableFormatTypeSchema = z.enum(TABLE_FORMAT_TYPES, { message: 'must be csv, json, ndjson or parquet' });
export type TableFormatType = z.infer<typeof TableFormatTypeSchema>;

/** The compressions a byte stream is unpacked from before its format is read. */
export const TABLE_COMPRESSIONS = ['none', 'gzip', 'zstd'] as const;
export const TableCompressionSchema = z.enum(TABLE_COMPRESSIONS);
export type TableCompression = z.infer<typeof TableCompressionSchema>;

/** What a training file turned out to be: metadata `dataset.format`, absent on versions trained before it existed. */
export const DatasetFormatSchema = z.object({
  type: TableFormatTypeSchema,
  compression: TableCompressionSchema,
  /** CSV only: how it was read (detected, or forced by csv_options). */
  dialect: CsvDialectSchema.optional(),
});
export type DatasetFormat = z.infer<typeof DatasetFormatSchema>;

/**
 * The `input_format` form field or query parameter of every upload route: forces how the file is read
 * when its content is ambiguous or misdetected. Named apart from /predict's `format`, which picks the answer.
 */
export const InputFormatFieldsSchema = z.object({
  input_format: z
    .preprocess(blankToUndefined, TableFormatTypeSchema.optional())
    .openapi(notPrefilled('Forces how the uploaded file is read: csv, json (an array of records), ndjson or parquet; empty: detected from the content')),
});
export type InputFormatFields = z.infer<typeof InputFormatFieldsSchema>;

const MB = 1024 * 1024;

/**
 * Settings of compressed and non-CSV uploads, read by the trainer and the predictor through this one schema.
 * MAX_DECOMPRESSED_MB bounds what a gzip or zstd upload may unpack to: a zip bomb (1 MB that unpacks to
 * 1 GB of zeros) stops at it with a 413, before memory or time are spent on it. MAX_JSON_ARRAY_MB bounds a
 * JSON array upload, which is parsed whole (NDJSON is read line by line and needs no such bound).
 */
export const FormatEnvSchema = z.object({
  MAX_DECOMPRESSED_MB: z.coerce.number().positive().default(4096),
  MAX_JSON_ARRAY_MB: z.coerce.number().positive().default(256),
});
export type FormatEnv = z.infer<typeof FormatEnvSchema>;

export interface FormatLimits {
  maxDecompressedBytes: number;
  maxJsonArrayBytes: number;
}

export const formatLimitsOf = (env: FormatEnv): FormatLimits => ({
  maxDecompressedBytes: env.MAX_DECOMPRESSED_MB * MB,
  maxJsonArrayBytes: env.MAX_JSON_ARRAY_MB * MB,
});
