import { csvSizeLimitsOf, formatLimitsOf, modelLimitsOf } from '@tabula/contracts';
import type { ConfiguredStore, ModelStore, RegistryChangeListener, StoreSpec } from '@tabula/model-store';
import { ServiceMetrics, WorkerPool, type Logger, type ReadinessCheck } from '@tabula/service-kit';
import type { PredictorDeps } from './app.js';
import type { PredictorConfig } from './config.js';
import { ModelRegistry, type OnModelLoaded } from './domain/model-registry.js';
import { PredictorMetrics } from './scoring/predictor-metrics.js';
import { Scorer, type PoolJob, type PoolResult } from './scoring/scorer.js';

export interface PredictorParts {
  logger: Logger;
  store: ModelStore;
  /** Where the store is: each scoring worker opens its own handle on it. */
  storeSpec: StoreSpec;
  /** What /ready checks of the store (storePartsOf). */
  storeChecks: Record<string, ReadinessCheck>;
  /** Cluster mode: committed registry changes, so that a deleted version's loaded model is dropped at once. */
  onRegistryChange?: (listener: RegistryChangeListener) => () => void;
  /** The claimed upload scratch dir. */
  uploadDir: string;
}

/**
 * The store-dependent parts of a configured store. The folder keeps today's one check, by its old name; in cluster
 * mode /ready names the two things a replica depends on, the registry database and the artifact store.
 */
export function storePartsOf(store: ConfiguredStore): Pick<PredictorParts, 'storeChecks' | 'onRegistryChange'> {
  if (store.kind === 'folder') return { storeChecks: { models_dir_readable: () => store.checkReadable() } };
  return {
    storeChecks: { registry_database: () => store.checkReadable(), artifact_store: () => store.checkArtifactStore() },
    onRegistryChange: (listener) => store.onRegistryChange(listener),
  };
}

/**
 * The predictor's parts from its config: the main thread's registry, the scoring workers (each with
 * its own registry and store handle over the same store), the metrics, and the limits. server.ts
 * listens with them; the service tests build them over a temp models dir or a test database.
 */
export function createPredictorDeps(config: PredictorConfig, { logger, store, storeSpec, storeChecks, onRegistryChange, uploadDir }: PredictorParts): PredictorDeps {
  const cacheBytes = config.MODEL_CACHE_MB * 1024 * 1024;
  const limits = modelLimitsOf(config);
  const onLoaded: OnModelLoaded = (loaded) =>
    logger.info(
      { model_name: loaded.name, model_version: loaded.version, bytes: loaded.bytes, memory_bytes: loaded.memoryBytes, load_ms: loaded.loadMs },
      'model loaded',
    );
  const registry = new ModelRegistry(store, { cacheBytes, limits, onLoaded, onRegistryChange });
  const pool =
    config.SCORING_WORKERS > 0
      ? new WorkerPool<PoolJob, PoolResult>(
          new URL('./scoring/score-worker.js', import.meta.url),
          config.SCORING_WORKERS,
          { storeSpec, cacheBytes, limits, logLevel: config.LOG_LEVEL },
          logger,
          config.SCORING_WORKER_YOUNG_MB > 0 ? { maxYoungGenerationSizeMb: config.SCORING_WORKER_YOUNG_MB } : undefined,
        )
      : null;
  const serviceMetrics = new ServiceMetrics('predictor');
  const metrics = new PredictorMetrics(serviceMetrics);
  return {
    store,
    storeChecks,
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
    formatLimits: formatLimitsOf(config),
  };
}
