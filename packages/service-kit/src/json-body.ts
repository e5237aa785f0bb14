import { TabulaError } from '@tabula/contracts';
import express, { type RequestHandler } from 'express';

export interface JsonBodyOptions {
  /** The largest body accepted; a larger one is 413 PAYLOAD_TOO_LARGE. */
  maxBytes: number;
  /** The content types this route takes, for the 415 message (default: application/json). */
  accepted?: string;
}

/**
 * Reads an application/json body into req.body; anything else is 415 UNSUPPORTED_MEDIA_TYPE,
 * as MLflow's scoring server answers. Parse errors reach the error middleware as INVALID_INPUT.
 */
export function jsonBody({ maxBytes, accepted = 'application/json' }: JsonBodyOptions): RequestHandler[] {
  const requireJson: RequestHandler = (req, _res, next) => {
    if (req.is('application/json')) return next();
    next(
      new TabulaError('UNSUPPORTED_MEDIA_TYPE', `Expected ${accepted}, got "${req.headers['content-type'] ?? 'no content type'}".`, {
        hint: `Send JSON with -H 'Content-Type: application/json' -d '{"feature": value}'.`,
      }),
    );
  };
  return [requireJson, express.json({ limit: maxBytes })];
}
