import { registerHealthPaths, registerModelPaths, registerMonitoringPaths, registerPredictBatchPath, registerPredictPath } from '@tabula/contracts';
import type { ModelStore } from '@tabula/model-store';
import { OpenAPIRegistry, apiDocs, createServiceApp, healthRoutes, type Logger, type ServiceMetrics } from '@tabula/service-kit';
import type { Express } from 'express';
import { modelRoutes } from './routes/model-routes.js';
import { monitoringRoutes } from './routes/monitoring-routes.js';
import { predictRoutes, type PredictRoutesDeps } from './routes/predict-routes.js';

export interface PredictorDeps extends PredictRoutesDeps {
  store: ModelStore;
  logger: Logger;
  serviceMetrics: ServiceMetrics;
  /** MONITORING_MAX_VALUES. */
  monitoringMaxValues: number;
}

export function createApp(deps: PredictorDeps): Express {
  const registry = new OpenAPIRegistry();
  registerPredictPath(registry);
  registerPredictBatchPath(registry);
  registerModelPaths(registry);
  registerMonitoringPaths(registry);
  registerHealthPaths(registry);
  return createServiceApp({
    logger: deps.logger,
    metrics: deps.serviceMetrics,
    routers: [
      healthRoutes('predictor', { models_dir_readable: () => deps.store.checkReadable() }),
      apiDocs(registry, {
        title: 'Tabula predictor',
        version: '0.1.0',
        description: 'Scores CSV uploads and JSON records with stored model versions and lists what is stored.',
      }),
      predictRoutes(deps),
      modelRoutes(deps.store),
      monitoringRoutes({
        store: deps.store,
        scorer: deps.scorer,
        csvLimits: { ...deps.csvLimits, maxValues: deps.monitoringMaxValues },
        uploadDir: deps.uploadDir,
        maxUploadBytes: deps.maxUploadBytes,
      }),
    ],
  });
}
