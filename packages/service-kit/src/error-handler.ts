import {
  ERROR_STATUS,
  TabulaError,
  internalError,
  invalidFields,
  invalidJsonBody,
  issuesToDetails,
  jsonBodyTooLarge,
  malformedPathEscape,
  multipartIncomplete,
  routeNotFound,
  type ErrorBody,
} from '@tabula/contracts';
import type { ErrorRequestHandler, RequestHandler } from 'express';
import { ZodError } from 'zod';
import type { Logger } from './logger.js';
import { requestIdOf } from './request-context.js';

/** Turns anything a handler throws into a TabulaError, so one table decides the status. */
export function toTabulaError(error: unknown): TabulaError {
  if (error instanceof TabulaError) return error;
  if (error instanceof ZodError) {
    return invalidFields('input', issuesToDetails(error.issues));
  }
  // The router decodes path parameters with decodeURIComponent and marks the URIError 400: the client's mistake.
  if (error instanceof URIError) {
    return malformedPathEscape(/^Failed to decode param '(.*)'$/s.exec(error.message)?.[1] ?? '');
  }
  const bodyError = error as { type?: string; status?: number; message?: string };
  if (bodyError?.type === 'entity.parse.failed') {
    return invalidJsonBody(bodyError.message);
  }
  if (bodyError?.type === 'entity.too.large') {
    return jsonBodyTooLarge();
  }
  if (error instanceof Error && /multipart|boundary|unexpected end of form/i.test(error.message)) {
    return multipartIncomplete(error);
  }
  return internalError(error);
}

/** The one place that writes error responses. Stacks and causes go to the log, never to the client. */
export function errorHandler(logger: Logger): ErrorRequestHandler {
  return (error: unknown, req, res, next) => {
    if (res.headersSent) return next(error);
    const tabulaError = toTabulaError(error);
    const status = ERROR_STATUS[tabulaError.code];
    const log = (req as { log?: Logger }).log ?? logger;
    if (status >= 500) log.error({ err: error, code: tabulaError.code }, tabulaError.message);
    else log.info({ code: tabulaError.code, status }, tabulaError.message);
    if (tabulaError.retryAfterS !== undefined) res.setHeader('Retry-After', String(Math.ceil(tabulaError.retryAfterS)));
    res.status(status).json(errorBody(tabulaError, requestIdOf(req)));
  };
}

/** The JSON error body every service answers with (also written in-band by streamed answers). */
export function errorBody(error: TabulaError, requestId: string | undefined): ErrorBody {
  return {
    error: {
      code: error.code,
      message: error.message,
      ...(error.hint ? { hint: error.hint } : {}),
      ...(error.details?.length ? { details: error.details } : {}),
    },
    request_id: requestId,
  };
}

/** 404 for any route no router answered. */
export const notFoundHandler: RequestHandler = (req, _res, next) => {
  next(routeNotFound(req.method, req.path));
};
