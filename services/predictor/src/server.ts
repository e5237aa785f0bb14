import { csvSizeLimitsOf, modelLimitsOf } from '@tabula/contracts';
import { claimScratchDir, openModelStore } from '@tabula/model-store';
import { ServiceMetrics, WorkerPool, createLogger, runMain, serve } from '@tabula/service-kit';
import { createApp } from './app.js';
import { loadPredictorConfig } from './config.js';
import { ModelRegistry } from './domain/model-registry.js';
import { PredictorMetrics } from './scoring/predictor-metrics.js';
import { preloadModels } from './scoring/preload-models.js';
import { Scorer, type PoolJob, type PoolResult } from './scoring/scorer.js';

runMain('predictor', async () => {
  const config = loadPredictorConfig();
  const logger = createLogger('predictor', config.LOG_LEVEL);
  const store = openModelStore(config.MODELS_DIR);
  // The predictor writes monitoring reports through the store's temp dir and spools large uploads.
  const removed = await store.removeOrphanedTemp();
  const uploads = await claimScratchDir(config.UPLOAD_DIR);
  if (removed + uploads.removed > 0) logger.warn({ removed_temp: removed, removed_uploads: uploads.removed }, 'removed files left by a stopped predictor');
  const cacheBytes = config.MODEL_CACHE_MB * 1024 * 1024;
  const limits = modelLimitsOf(config);
  const registry = new ModelRegistry(store, {
    cacheBytes,
    limits,
    onLoaded: (loaded) =>
      logger.info(
        { model_name: loaded.name, model_version: loaded.version, bytes: loaded.bytes, memory_bytes: loaded.memoryBytes, load_ms: loaded.loadMs },
        'model loaded',
      ),
  });
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
  const scorer = new Scorer(registry, pool, metrics);
  const app = createApp({
    store,
    logger,
    serviceMetrics,
    metrics,
    scorer,
    uploadDir: uploads.dir,
    maxUploadBytes: config.MAX_UPLOAD_MB * 1024 * 1024,
    maxJsonBytes: config.MAX_JSON_MB * 1024 * 1024,
    csvLimits: { maxRows: config.MAX_ROWS, maxColumns: config.MAX_COLUMNS, ...csvSizeLimitsOf(config) },
    maxStreamedRows: config.MAX_STREAMED_ROWS,
    maxJsonRows: config.MAX_JSON_ROWS,
    monitoringMaxValues: config.MONITORING_MAX_VALUES,
  });
  await serve(app, {
    port: config.PREDICTOR_PORT,
    host: config.HOST,
    logger,
    requestTimeoutMs: config.REQUEST_TIMEOUT_MS,
    onShutdown: () => scorer.close(),
  });
  logger.info({ models_dir: store.root, scoring_workers: config.SCORING_WORKERS }, 'predictor ready');
  if (config.PRELOAD_MODELS) await preloadModels(store, scorer, logger);
});
