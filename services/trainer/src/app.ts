import { registerHealthPaths, registerJobPaths, registerRegistryWritePaths, registerTrainPath, type ModelLimits } from '@tabula/contracts';
import type { ModelStore } from '@tabula/model-store';
import { OpenAPIRegistry, apiDocs, createServiceApp, healthRoutes, type Logger, type ReadinessCheck, type ServiceMetrics } from '@tabula/service-kit';
import type { Express } from 'express';
import { createRegistryWriter } from './domain/registry-writer.js';
import { jobRoutes } from './routes/job-routes.js';
import { registryRoutes } from './routes/registry-routes.js';
import { trainRoutes, type TrainRoutesDeps } from './routes/train-routes.js';

export interface TrainerDeps extends TrainRoutesDeps {
  store: ModelStore;
  /** MAX_FEATURES, MAX_CATEGORIES, MAX_CLASSES, checked on every import. */
  modelLimits: ModelLimits;
  logger: Logger;
  metrics: ServiceMetrics;
  /** What /ready checks: the models dir (folder mode), or the database and the artifact store (cluster mode). */
  readiness: Record<string, ReadinessCheck>;
}

export function createApp(deps: TrainerDeps): Express {
  const registry = new OpenAPIRegistry();
  registerTrainPath(registry);
  registerJobPaths(registry);
  registerRegistryWritePaths(registry);
  registerHealthPaths(registry);
  return createServiceApp({
    logger: deps.logger,
    metrics: deps.metrics,
    routers: [
      healthRoutes('trainer', deps.readiness),
      apiDocs(registry, {
        title: 'Tabula trainer',
        version: '0.1.0',
        description:
          'Trains models on CSV uploads and stores each as a new immutable version; makes every registry change (aliases, deletes, imports).',
      }),
      trainRoutes(deps),
      jobRoutes(deps),
      registryRoutes({ ...deps, registry: createRegistryWriter(deps.store, deps.modelLimits) }),
    ],
  });
}
