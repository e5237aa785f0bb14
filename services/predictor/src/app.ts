import { type FormatLimits, registerHealthPaths, registerModelPaths, registerMonitoringPaths, registerPredictBatchPath, registerPredictPath } from '@tabula/contracts';
import type { ModelStore } from '@tabula/model-store';
import { OpenAPIRegistry, apiDocs, createServiceApp, healthRoutes, type Logger, type ReadinessCheck, type ServiceMetrics } from '@tabula/service-kit';
import type { Express } from 'express';
import type { CsvLimits } from './domain/csv-limits.js';
import type { ModelRegistry } from './domain/model-registry.js';
import { SignatureCache } from './domain/signature-cache.js';
import type { MonitoringDeps } from './domain/monitor-model.js';
import type { PredictDeps } from './domain/predict-deps.js';
import { modelRoutes } from './routes/model-routes.js';
import { monitoringRoutes } from './routes/monitoring-routes.js';
import { predictRoutes } from './routes/predict-routes.js';
import type { PredictorMetrics } from './scoring/predictor-metrics.js';
import type { Scorer } from './scoring/scorer.js';

export interface PredictorDeps {
  store: ModelStore;
  /** /ready's checks of the store: the models dir, or the registry database and the artifact store. */
  storeChecks: Record<string, ReadinessCheck>;
  /** The main thread's models: resolves every request's name@ref and scores the jobs run inline. */
  registry: ModelRegistry;
  /** Implements the data plane's scoring ports (worker pool, or inline). */
  scorer: Scorer;
  metrics: PredictorMetrics;
  logger: Logger;
  serviceMetrics: ServiceMetrics;
  uploadDir: string;
  maxUploadBytes: number;
  maxJsonBytes: number;
  /** MAX_ROWS, MAX_COLUMNS, MAX_HEADER_BYTES, MAX_CELL_BYTES. */
  csvLimits: CsvLimits;
  /** MAX_STREAMED_ROWS (0: no limit). */
  maxStreamedRows: number;
  /** MAX_JSON_ROWS. */
  maxJsonRows: number;
  /** MONITORING_MAX_VALUES. */
  monitoringMaxValues: number;
  /** MAX_DECOMPRESSED_MB and MAX_JSON_ARRAY_MB. */
  formatLimits: FormatLimits;
}

/** The predictor's HTTP app over its parts; the data plane's ports are wired here to scoring/. */
export function createApp(deps: PredictorDeps): Express {
  const { store, registry, scorer, metrics } = deps;
  const signatures = new SignatureCache(store);
  const predict: PredictDeps = {
    registry,
    readSignature: (model) => signatures.get(model),
    scoreRows: (job) => scorer.score(job),
    parallelism: scorer.parallelism,
    recordPrediction: (model, rows) => metrics.predicted(model, rows),
    csvLimits: deps.csvLimits,
    maxStreamedRows: deps.maxStreamedRows,
    maxJsonRows: deps.maxJsonRows,
    formatLimits: deps.formatLimits,
  };
  const monitoring: MonitoringDeps = {
    store,
    runMonitorJob: (job) => scorer.monitor(job),
    csvLimits: { ...deps.csvLimits, maxValues: deps.monitoringMaxValues },
    formatLimits: deps.formatLimits,
  };
  const openApi = new OpenAPIRegistry();
  registerPredictPath(openApi);
  registerPredictBatchPath(openApi);
  registerModelPaths(openApi);
  registerMonitoringPaths(openApi);
  registerHealthPaths(openApi);
  return createServiceApp({
    logger: deps.logger,
    metrics: deps.serviceMetrics,
    routers: [
      healthRoutes('predictor', deps.storeChecks),
      apiDocs(openApi, {
        title: 'Tabula predictor',
        version: '0.1.0',
        description: 'Scores CSV uploads and JSON records with stored model versions and lists what is stored.',
      }),
      predictRoutes({ predict, uploadDir: deps.uploadDir, maxUploadBytes: deps.maxUploadBytes, maxJsonBytes: deps.maxJsonBytes }),
      modelRoutes({ store }),
      monitoringRoutes({ monitoring, uploadDir: deps.uploadDir, maxUploadBytes: deps.maxUploadBytes }),
    ],
  });
}
