import express, { type Express, type Router } from 'express';
import { errorHandler, notFoundHandler } from './error-handler.js';
import type { Logger } from './logger.js';
import { requestContext } from './request-context.js';

export interface ServiceAppParts {
  logger: Logger;
  /** Routers mounted in order after the request context: health, docs, the service's own routes. */
  routers: Router[];
}

/**
 * The frame every service shares: request ids and access logs first, then the service's routers,
 * then a JSON 404 and the one error handler, so no response ever leaves as HTML or a stack trace.
 */
export function createServiceApp({ logger, routers }: ServiceAppParts): Express {
  const app = express();
  app.disable('x-powered-by');
  app.set('query parser', 'simple');
  app.use(requestContext(logger));
  for (const router of routers) app.use(router);
  app.use(notFoundHandler);
  app.use(errorHandler(logger));
  return app;
}
