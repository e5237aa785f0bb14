import {
  registerHealthPaths,
  registerJobPaths,
  registerModelPaths,
  registerMonitoringPaths,
  registerPredictBatchPath,
  registerRegistryWritePaths,
  registerPredictPath,
  registerTrainPath,
} from '@tabula/contracts';
import { OpenAPIRegistry, apiDocs, createServiceApp, healthRoutes, type Logger, type ServiceMetrics } from '@tabula/service-kit';
import { Router, type Express } from 'express';
import { accessControl, isAdminCaller, type AccessControlOptions } from './auth/access-control.js';
import { registerApiKeySchemes } from './auth/api-key-docs.js';
import { amendGatewayDocs } from './gateway-docs.js';
import { apiRoutes, type ApiRoutesDeps } from './routes/api-routes.js';
import { jobRoutes } from './routes/job-routes.js';
import { checkUpstream } from './upstream/check-upstream.js';

export interface GatewayDeps extends ApiRoutesDeps {
  logger: Logger;
  metrics: ServiceMetrics;
  access: AccessControlOptions;
  trustProxy: false | number | string[];
}

export function createApp(deps: GatewayDeps): Express {
  const registry = new OpenAPIRegistry();
  registerTrainPath(registry);
  registerJobPaths(registry);
  registerPredictPath(registry);
  registerPredictBatchPath(registry);
  registerModelPaths(registry);
  registerRegistryWritePaths(registry);
  registerMonitoringPaths(registry);
  registerHealthPaths(registry);
  const security = registerApiKeySchemes(registry);
  return createServiceApp({
    logger: deps.logger,
    metrics: deps.metrics,
    guard: accessControl(deps.access),
    trustProxy: deps.trustProxy,
    routers: [
      rootRedirect(),
      healthRoutes(
        'gateway',
        { trainer: checkUpstream(deps.trainer), predictor: checkUpstream(deps.predictor) },
        { showsInternals: (_req, res) => isAdminCaller(res) },
      ),
      apiDocs(
        registry,
        {
          title: 'Tabula',
          version: '0.1.0',
          description:
            'Train, version and serve tabular models over REST. Upload a CSV to /train (or /train?async=true and follow /jobs/{id}), score rows with /predict, and browse stored versions under /models.',
        },
        { security, amend: amendGatewayDocs },
      ),
      apiRoutes(deps),
      jobRoutes(deps),
    ],
  });
}

/**
 * `/` sends people to the API documentation, which is all a browser can use today. A temporary redirect (302), so
 * that browsers do not cache it: the web console is meant to take `/` later.
 */
function rootRedirect(): Router {
  const router = Router();
  router.get('/', (_req, res) => res.redirect(302, '/docs'));
  return router;
}
