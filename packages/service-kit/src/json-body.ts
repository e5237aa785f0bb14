import { TabulaError } from '@tabula/contracts';
import express, { type ErrorRequestHandler, type RequestHandler } from 'express';

export interface JsonBodyOptions {
  /** The largest body accepted; a larger one is 413 PAYLOAD_TOO_LARGE. */
  maxBytes: number;
  /** The content types this route takes, for the 415 message (default: application/json). */
  accepted?: string;
  /**
   * Looks at the raw body once it is read and before it is parsed, and throws (a TabulaError) to
   * refuse it: what a parse would cost in memory can be checked on the bytes first.
   */
  inspect?: (raw: Buffer) => void;
}

/**
 * Reads an application/json body into req.body; anything else is 415 UNSUPPORTED_MEDIA_TYPE,
 * as MLflow's scoring server answers. Parse errors reach the error middleware as INVALID_INPUT.
 */
export function jsonBody({ maxBytes, accepted = 'application/json', inspect }: JsonBodyOptions): RequestHandler[] {
  const requireJson: RequestHandler = (req, _res, next) => {
    if (req.is('application/json')) return next();
    next(
      new TabulaError('UNSUPPORTED_MEDIA_TYPE', `Expected ${accepted}, got "${req.headers['content-type'] ?? 'no content type'}".`, {
        hint: `Send JSON with -H 'Content-Type: application/json' -d '{"feature": value}'.`,
      }),
    );
  };
  if (inspect === undefined) return [requireJson, express.json({ limit: maxBytes })];
  // body-parser turns what verify throws into a 403 carrying the raw body; the inspection's own
  // error travels inside it and is taken out again right after.
  const verify = (_req: unknown, _res: unknown, raw: Buffer) => {
    try {
      inspect(raw);
    } catch (error) {
      throw Object.assign(new Error('The JSON body was refused before parsing.'), { inspected: error });
    }
  };
  const unwrapInspected: ErrorRequestHandler = (error: unknown, _req, _res, next) => {
    next(typeof error === 'object' && error !== null && 'inspected' in error ? error.inspected : error);
  };
  // Express tells an error handler by its four parameters; the list's type only names the others.
  return [requireJson, express.json({ limit: maxBytes, verify }), unwrapInspected as unknown as RequestHandler];
}
