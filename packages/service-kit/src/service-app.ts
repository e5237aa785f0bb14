import express, { type Express, type Router } from 'express';
import { errorHandler, notFoundHandler } from './error-handler.js';
import type { Logger } from './logger.js';
import type { ServiceMetrics } from './metrics.js';
import { requestContext } from './request-context.js';
import { securityHeaders } from './security-headers.js';

export interface ServiceAppParts {
  logger: Logger;
  /** Times and counts every request and serves GET /metrics. */
  metrics: ServiceMetrics;
  /** Checked before any route, /metrics included (the gateway's API keys and rate limit). */
  guard?: Router;
  /** Routers mounted in order after the request context: health, docs, the service's own routes. */
  routers: Router[];
  /**
   * Express's "trust proxy": which proxies in front may set X-Forwarded-For, so that req.ip (the
   * access log's address, the gateway's per-address rate limit) is the client's, not the proxy's.
   */
  trustProxy?: boolean | number | string[];
}

/**
 * The frame every service shares: request ids, access logs and request metrics first, then
 * GET /metrics and the service's routers, then a JSON 404 and the one error handler, so no
 * response ever leaves as HTML or a stack trace.
 */
export function createServiceApp({ logger, metrics, guard, routers, trustProxy = false }: ServiceAppParts): Express {
  const app = express();
  app.disable('x-powered-by');
  app.set('trust proxy', trustProxy);
  app.set('query parser', 'simple');
  app.use(securityHeaders());
  app.use(requestContext(logger));
  app.use(metrics.observeRequests());
  if (guard) app.use(guard);
  app.use(metrics.routes());
  for (const router of routers) app.use(router);
  app.use(notFoundHandler);
  app.use(errorHandler(logger));
  return app;
}
