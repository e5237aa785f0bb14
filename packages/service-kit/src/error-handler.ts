import { ERROR_STATUS, TabulaError, malformedPathEscape, type ErrorBody } from '@tabula/contracts';
import type { ErrorRequestHandler, RequestHandler } from 'express';
import { ZodError } from 'zod';
import type { Logger } from './logger.js';
import { requestIdOf } from './request-context.js';
import { issuesToDetails } from './validation.js';

/** Turns anything a handler throws into a TabulaError, so one table decides the status. */
export function toTabulaError(error: unknown): TabulaError {
  if (error instanceof TabulaError) return error;
  if (error instanceof ZodError) {
    const details = issuesToDetails(error.issues);
    return new TabulaError('INVALID_INPUT', `Invalid input: ${details.map((d) => `${d.path} ${d.message}`).join('; ')}.`, { details });
  }
  // The router decodes path parameters with decodeURIComponent and marks the URIError 400: the client's mistake.
  if (error instanceof URIError) {
    return malformedPathEscape(/^Failed to decode param '(.*)'$/s.exec(error.message)?.[1] ?? '');
  }
  const bodyError = error as { type?: string; status?: number; message?: string };
  if (bodyError?.type === 'entity.parse.failed') {
    return new TabulaError('INVALID_INPUT', `The request body is not valid JSON: ${bodyError.message}.`, {
      hint: 'Send a JSON document with Content-Type: application/json.',
    });
  }
  if (bodyError?.type === 'entity.too.large') {
    return new TabulaError('PAYLOAD_TOO_LARGE', 'The request body is larger than this service accepts.', {
      hint: 'Send fewer records per request, or upload a CSV file instead.',
    });
  }
  if (error instanceof Error && /multipart|boundary|unexpected end of form/i.test(error.message)) {
    return new TabulaError('INVALID_INPUT', `The multipart form could not be read: ${error.message}.`, {
      hint: "Send a complete multipart/form-data body, as curl -F does: -F 'dataset_file=@data.csv' for /train, -F 'input_file=@data.csv' for /predict and /monitoring.",
      cause: error,
    });
  }
  return new TabulaError('INTERNAL', 'An internal error occurred. It has been logged with this request id.', { cause: error });
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
  next(
    new TabulaError('NOT_FOUND', `No route ${req.method} ${req.path}.`, {
      hint: 'See the API documentation at /docs.',
    }),
  );
};
