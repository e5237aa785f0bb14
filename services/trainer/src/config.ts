import { availableParallelism, tmpdir } from 'node:os';
import { join } from 'node:path';
import { CsvSizeEnvSchema, FormatEnvSchema, ModelLimitsEnvSchema, z } from '@tabula/contracts';
import { StoreEnvSchema } from '@tabula/model-store';
import { parseEnv } from '@tabula/service-kit';

const port = (fallback: number) => z.coerce.number().int().min(0).max(65535).default(fallback);

export const TrainerConfigSchema = z.object({
  TRAINER_PORT: port(8001),
  HOST: z.string().default('0.0.0.0'),
  /** MODELS_DIR (the embedded default), or DATABASE_URL + ARTIFACTS_URI (+ S3_*) for cluster mode. */
  ...StoreEnvSchema.shape,
  UPLOAD_DIR: z.string().default(join(tmpdir(), 'tabula-trainer-uploads')),
  MAX_UPLOAD_MB: z.coerce.number().positive().default(1024),
  /**
   * A training file at least this large, for a tabula forest without cv or class_balance, is read in two streaming
   * passes and binned to a byte per value instead of held in memory (docs/operations.md, "Training large files").
   */
  TRAINER_STREAMING_MIN_MB: z.coerce.number().min(0).default(256),
  /**
   * What a streamed forest's trees may take together when model_params set neither min_samples_leaf nor max_depth:
   * min_samples_leaf is raised to fit (recorded as forest_size_bound). 0 for no bound.
   */
  TRAINER_STREAMING_FOREST_MB: z.coerce.number().min(0).default(256),
  /** Data rows and columns a training file may have; more is refused with 413 before any fitting. */
  MAX_ROWS: z.coerce.number().int().positive().default(5_000_000),
  MAX_COLUMNS: z.coerce.number().int().positive().default(2_000),
  /** MAX_HEADER_BYTES and MAX_CELL_BYTES: the header line and one cell, refused with 413 as the bytes arrive. */
  ...CsvSizeEnvSchema.shape,
  /** MAX_DECOMPRESSED_MB (what a gzip/zstd upload may unpack to) and MAX_JSON_ARRAY_MB (a JSON array, parsed whole). */
  ...FormatEnvSchema.shape,
  TRAINER_WORKERS: z.coerce.number().int().min(1).max(64).default(availableParallelism()),
  /** Trainings that may wait for a worker; one more is refused with 429 and Retry-After. */
  TRAINER_QUEUE_MAX: z.coerce.number().int().min(0).max(10_000).default(16),
  /** A training running longer is stopped (its worker thread ended) and fails; 0 for no limit. */
  TRAIN_MAX_SECONDS: z.coerce.number().int().min(0).default(3600),
  /** Cluster mode: a running job whose trainer has not renewed its heartbeat for this long is handed to another trainer. */
  TRAINER_JOB_LEASE_SECONDS: z.coerce.number().int().min(3).max(3600).default(15),
  /** Cluster mode: how many trainers may start a job (a trainer stopping mid-job costs one attempt) before it fails. */
  TRAINER_JOB_ATTEMPTS: z.coerce.number().int().min(1).max(100).default(3),
  REQUEST_TIMEOUT_MS: z.coerce.number().int().min(0).default(60 * 60 * 1000),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  /** MAX_FEATURES, MAX_CATEGORIES, MAX_CLASSES: a training or an imported model past one is refused (413) before its memory is spent. */
  ...ModelLimitsEnvSchema.shape,
});
export type TrainerConfig = z.infer<typeof TrainerConfigSchema>;

export const loadTrainerConfig = (env: NodeJS.ProcessEnv = process.env): TrainerConfig =>
  parseEnv(TrainerConfigSchema, env);
