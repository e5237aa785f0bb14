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
import { presentPredictExamples } from './predict-examples.js';
import { apiRoutes, type ApiRoutesDeps } from './routes/api-routes.js';
import { jobRoutes } from './routes/job-routes.js';
import { checkUpstream } from './upstream/check-upstream.js';
import type { PooledUpstream, Upstream } from './upstream/forward-request.js';
import { ReplicaPool } from './upstream/replica-pool.js';
import { observeReplicas } from './upstream/replica-metrics.js';

export interface GatewayDeps {
  logger: Logger;
  metrics: ServiceMetrics;
  access: AccessControlOptions;
  trustProxy: false | number | string[];
  trainer: Upstream;
  predictor: Upstream;
  timeouts: ApiRoutesDeps['timeouts'];
  /** How an out-of-rotation replica is probed (replica-pool.ts); 1 s apart, 2 s each, unless told. */
  replicaProbe?: { intervalMs: number; timeoutMs: number };
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
  const onRotation = observeReplicas(deps.metrics);
  const probe = deps.replicaProbe ?? { intervalMs: 1000, timeoutMs: 2000 };
  const pooled = (upstream: Upstream): PooledUpstream => ({
    ...upstream,
    pool: new ReplicaPool(upstream.name, upstream.replicas ?? [upstream], {
      logger: deps.logger,
      probeIntervalMs: probe.intervalMs,
      probeTimeoutMs: probe.timeoutMs,
      onRotation,
    }),
  });
  const services = { trainer: pooled(deps.trainer), predictor: pooled(deps.predictor), timeouts: deps.timeouts };
  return createServiceApp({
    logger: deps.logger,
    metrics: deps.metrics,
    guard: accessControl(deps.access),
    trustProxy: deps.trustProxy,
    routers: [
      rootRedirect(),
      healthRoutes(
        'gateway',
        { trainer: checkUpstream(services.trainer), predictor: checkUpstream(services.predictor) },
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
        { security, amend: amendGatewayDocs, present: presentPredictExamples(services.predictor) },
      ),
      apiRoutes(services),
      jobRoutes(services),
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
