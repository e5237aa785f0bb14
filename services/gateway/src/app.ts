import {
  registerHealthPaths,
  registerJobPaths,
  registerModelPaths,
  registerPredictBatchPath,
  registerRegistryWritePaths,
  registerPredictPath,
  registerTrainPath,
} from '@tabula/contracts';
import { OpenAPIRegistry, apiDocs, createServiceApp, healthRoutes, type Logger } from '@tabula/service-kit';
import type { Express } from 'express';
import { apiRoutes, type ApiRoutesDeps } from './routes/api-routes.js';
import { jobRoutes } from './routes/job-routes.js';
import { checkUpstream } from './upstream/check-upstream.js';

export interface GatewayDeps extends ApiRoutesDeps {
  logger: Logger;
}

export function createApp(deps: GatewayDeps): Express {
  const registry = new OpenAPIRegistry();
  registerTrainPath(registry);
  registerJobPaths(registry);
  registerPredictPath(registry);
  registerPredictBatchPath(registry);
  registerModelPaths(registry);
  registerRegistryWritePaths(registry);
  registerHealthPaths(registry);
  return createServiceApp({
    logger: deps.logger,
    routers: [
      healthRoutes('gateway', { trainer: checkUpstream(deps.trainer), predictor: checkUpstream(deps.predictor) }),
      apiDocs(registry, {
        title: 'Tabula',
        version: '0.1.0',
        description:
          'Train, version and serve tabular models over REST. Upload a CSV to /train (or /train?async=true and follow /jobs/{id}), score rows with /predict, and browse stored versions under /models.',
      }),
      apiRoutes(deps),
      jobRoutes(deps),
    ],
  });
}
