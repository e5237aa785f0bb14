import { availableParallelism, tmpdir } from 'node:os';
import { join } from 'node:path';
import { CsvSizeEnvSchema, FormatEnvSchema, ModelLimitsEnvSchema, z } from '@tabula/contracts';
import { StoreEnvSchema } from '@tabula/model-store';
import { parseEnv } from '@tabula/service-kit';

export const PredictorConfigSchema = z.object({
  PREDICTOR_PORT: z.coerce.number().int().min(0).max(65535).default(8002),
  HOST: z.string().default('0.0.0.0'),
  /** MODELS_DIR, or DATABASE_URL with ARTIFACTS_URI (cluster mode), and the S3 settings: see storeSpecOf. */
  ...StoreEnvSchema.shape,
  UPLOAD_DIR: z.string().default(join(tmpdir(), 'tabula-predictor-uploads')),
  MAX_UPLOAD_MB: z.coerce.number().positive().default(1024),
  MAX_JSON_MB: z.coerce.number().positive().default(50),
  /** Data rows a CSV to score may have when the answer is one JSON document (all predictions held), and columns for any answer; more is refused with 413. */
  MAX_ROWS: z.coerce.number().int().positive().default(10_000_000),
  /**
   * Data rows a CSV may have when the answer is streamed (format=csv|ndjson); 0, the default, means
   * no limit: a streamed answer's memory stays flat however long the file, so length costs only time.
   */
  MAX_STREAMED_ROWS: z.coerce.number().int().min(0).default(0),
  MAX_COLUMNS: z.coerce.number().int().positive().default(2_000),
  /** MAX_HEADER_BYTES and MAX_CELL_BYTES: the header line and one cell, refused with 413 as the bytes arrive. */
  ...CsvSizeEnvSchema.shape,
  /** MAX_DECOMPRESSED_MB (what a gzip/zstd upload may unpack to) and MAX_JSON_ARRAY_MB (a JSON array or a socket-streamed Parquet file, held whole). */
  ...FormatEnvSchema.shape,
  /**
   * Values (rows × columns) a monitoring upload may have: drift and performance checks hold the whole
   * file in memory (about 35 bytes a value), unlike predictions, which stream. 5 million is 250,000
   * rows of 20 columns, about 170 MB.
   */
  MONITORING_MAX_VALUES: z.coerce.number().int().positive().default(5_000_000),
  /** Per thread: the main thread and every scoring worker keep their own cache. */
  MODEL_CACHE_MB: z.coerce.number().positive().default(512),
  /**
   * Worker threads that parse and score large batches; 0 scores everything on the main thread. One per core: the
   * main thread mostly waits while a batch is scored (on 2 cores it used about 0.2 s of CPU per 100k-row batch
   * against the workers' 0.8 s), so leaving it a core of its own left that core idle (bench score-100k).
   */
  SCORING_WORKERS: z.coerce.number().int().min(0).max(64).default(availableParallelism()),
  /**
   * Young-generation size of each scoring worker's heap, in MB (0: V8's default). Parsing blocks
   * makes short-lived garbage at a high rate; a smaller young generation is collected more often.
   * Measured on a 300 MB stream: 12 MB kept the predictor's peak at 269 MB instead of 302 MB, at
   * the same rows/s.
   */
  SCORING_WORKER_YOUNG_MB: z.coerce.number().int().min(0).max(1024).default(12),
  /** Load the default version of every stored model at start-up, so no first request pays for it. */
  PRELOAD_MODELS: z.enum(['true', 'false'], { message: 'must be true or false' }).default('true').transform((v) => v === 'true'),
  REQUEST_TIMEOUT_MS: z.coerce.number().int().min(0).default(10 * 60 * 1000),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  /**
   * Rows one JSON prediction body may hold, counted on the raw body before it is parsed; more is
   * refused with 413. A JSON answer holds every row several times over (parsed body, checked copy,
   * frame, predictions and probabilities, the answer's text): 100,000 iris rows with return_proba
   * peaked at 212–248 MB RSS (about 105 MB idle), where 10 million ran the predictor out of its
   * 4 GB heap. Larger batches stream as CSV (format=csv|ndjson) in flat memory.
   */
  MAX_JSON_ROWS: z.coerce.number().int().positive().default(100_000),
  /** MAX_FEATURES, MAX_CATEGORIES, MAX_CLASSES: a stored model past one is refused at load, before it is decoded. */
  ...ModelLimitsEnvSchema.shape,
});
export type PredictorConfig = z.infer<typeof PredictorConfigSchema>;

export const loadPredictorConfig = (env: NodeJS.ProcessEnv = process.env): PredictorConfig =>
  parseEnv(PredictorConfigSchema, env);
