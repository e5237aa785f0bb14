import { randomUUID } from 'node:crypto';
import type { Request, RequestHandler, Response } from 'express';
import { pinoHttp } from 'pino-http';
import type { Logger } from './logger.js';
import { routeTemplateOf } from './route-template.js';

export const REQUEST_ID_HEADER = 'x-request-id';
const SAFE_REQUEST_ID = /^[A-Za-z0-9._:-]{1,128}$/;

/**
 * Gives every request an id (the caller's `x-request-id` when it is sane, else a new UUID), echoes
 * it in the response, and binds it to `req.log` so every line logged for the request carries it.
 * One access line is written per request when the response finishes, with the route template and,
 * when a handler named one (noteModel), the model and version it served.
 */
export function requestContext(logger: Logger): RequestHandler {
  return pinoHttp({
    logger,
    genReqId: (req, res) => {
      const given = req.headers[REQUEST_ID_HEADER];
      const id = typeof given === 'string' && SAFE_REQUEST_ID.test(given) ? given : randomUUID();
      res.setHeader(REQUEST_ID_HEADER, id);
      return id;
    },
    quietReqLogger: true,
    customAttributeKeys: { reqId: 'request_id', responseTime: 'duration_ms' },
    customLogLevel: (_req, res, error) => (error || res.statusCode >= 500 ? 'error' : res.statusCode >= 400 ? 'warn' : 'info'),
    customSuccessMessage: (req, res) => `${req.method} ${req.url} ${res.statusCode}`,
    customErrorMessage: (req, res) => `${req.method} ${req.url} ${res.statusCode}`,
    customProps: (req, res) => accessLineFields(req as Request, res as Response),
    serializers: {
      req: (req: { method: string; url: string }) => ({ method: req.method, url: req.url }),
      res: (res: { statusCode: number }) => ({ status: res.statusCode }),
    },
    // Probes and scrapes arrive every few seconds; their access lines would drown the real ones.
    autoLogging: { ignore: (req) => req.url === '/health' || req.url === '/ready' || req.url === '/metrics' },
  });
}

/** The id requestContext gave this request. */
export function requestIdOf(req: { id?: unknown }): string | undefined {
  return typeof req.id === 'string' ? req.id : undefined;
}

/** pino-http asks when the request starts (no route matched yet: nothing to add) and again for the access line. */
function accessLineFields(req: Request, res: Response): Record<string, unknown> {
  // The gateway's key check names the key by its label (never the key), also on a 403 that matched no route.
  const apiKey = typeof res.locals.apiKey === 'string' ? { api_key: res.locals.apiKey } : {};
  if (!req.route) return apiKey;
  return { route: routeTemplateOf(req), ...res.locals.model, ...apiKey };
}

/** Names the model version a request used, for its access log line. */
export function noteModel(res: Response, model: { name: string; version: number }): void {
  res.locals.model = { model_name: model.name, model_version: model.version };
}
