import { csvSizeLimitsOf, modelLimitsOf } from '@tabula/contracts';
import type { ModelStore } from '@tabula/model-store';
import { ServiceMetrics, WorkerPool, type Logger } from '@tabula/service-kit';
import type { PredictorDeps } from './app.js';
import type { PredictorConfig } from './config.js';
import { ModelRegistry, type OnModelLoaded } from './domain/model-registry.js';
import { PredictorMetrics } from './scoring/predictor-metrics.js';
import { Scorer, type PoolJob, type PoolResult } from './scoring/scorer.js';

export interface PredictorParts {
  logger: Logger;
  store: ModelStore;
  /** The claimed upload scratch dir. */
  uploadDir: string;
}

/**
 * The predictor's parts from its config: the main thread's registry, the scoring workers (each with
 * its own registry over the same models dir), the metrics, and the limits. server.ts listens with
 * them; the service tests build them over a temp models dir.
 */
export function createPredictorDeps(config: PredictorConfig, { logger, store, uploadDir }: PredictorParts): PredictorDeps {
  const cacheBytes = config.MODEL_CACHE_MB * 1024 * 1024;
  const limits = modelLimitsOf(config);
  const onLoaded: OnModelLoaded = (loaded) =>
    logger.info(
      { model_name: loaded.name, model_version: loaded.version, bytes: loaded.bytes, memory_bytes: loaded.memoryBytes, load_ms: loaded.loadMs },
      'model loaded',
    );
  const registry = new ModelRegistry(store, { cacheBytes, limits, onLoaded });
  const pool =
    config.SCORING_WORKERS > 0
      ? new WorkerPool<PoolJob, PoolResult>(
          new URL('./scoring/score-worker.js', import.meta.url),
          config.SCORING_WORKERS,
          { modelsDir: config.MODELS_DIR, cacheBytes, limits, logLevel: config.LOG_LEVEL },
          logger,
          config.SCORING_WORKER_YOUNG_MB > 0 ? { maxYoungGenerationSizeMb: config.SCORING_WORKER_YOUNG_MB } : undefined,
        )
      : null;
  const serviceMetrics = new ServiceMetrics('predictor');
  const metrics = new PredictorMetrics(serviceMetrics);
  return {
    store,
    registry,
    scorer: new Scorer({ store, registry }, pool, metrics),
    metrics,
    logger,
    serviceMetrics,
    uploadDir,
    maxUploadBytes: config.MAX_UPLOAD_MB * 1024 * 1024,
    maxJsonBytes: config.MAX_JSON_MB * 1024 * 1024,
    csvLimits: { maxRows: config.MAX_ROWS, maxColumns: config.MAX_COLUMNS, ...csvSizeLimitsOf(config) },
    maxStreamedRows: config.MAX_STREAMED_ROWS,
    maxJsonRows: config.MAX_JSON_ROWS,
    monitoringMaxValues: config.MONITORING_MAX_VALUES,
  };
}
