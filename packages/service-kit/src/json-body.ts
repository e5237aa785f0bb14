import { JSON_MAX_DEPTH, TabulaError, isJsonDeeperThan, jsonExpected, jsonTooDeep } from '@tabula/contracts';
import express, { type RequestHandler } from 'express';

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
 * as MLflow's scoring server answers. Parse errors reach the error middleware as INVALID_INPUT,
 * and so does a body nested deeper than JSON_MAX_DEPTH, refused before it is parsed.
 */
export function jsonBody({ maxBytes, accepted = 'application/json', inspect }: JsonBodyOptions): RequestHandler[] {
  const requireJson: RequestHandler = (req, _res, next) => {
    if (req.is('application/json')) return next();
    next(jsonExpected(accepted, req.headers['content-type']));
  };
  // body-parser's verify hook sees the raw bytes before JSON.parse: the depth bound first, then the
  // route's own inspection (e.g. a row count), each refusing before the parse spends memory.
  const verify = (_req: unknown, _res: unknown, raw: Buffer, encoding: string) => {
    refuseDeepJson(raw, encoding);
    if (inspect === undefined) return;
    try {
      inspect(raw);
    } catch (error) {
      throw new Error('The JSON body was refused before parsing.', { cause: error });
    }
  };
  const parseJson = express.json({ limit: maxBytes, verify });
  const readJson: RequestHandler = (req, res, next) => {
    parseJson(req, res, (error?: unknown) => next(error instanceof Error && error.cause instanceof TabulaError ? error.cause : error));
  };
  return [requireJson, readJson];
}

/**
 * Refuses a body nested deeper than JSON_MAX_DEPTH. Only a plain Error may leave body-parser's
 * verify hook (it sets `status` on what is thrown), so the TabulaError travels as its cause.
 */
function refuseDeepJson(body: Buffer, encoding: string): void {
  const bytes = /^utf-?8$/i.test(encoding) ? body : new TextEncoder().encode(decodeOrEmpty(body, encoding));
  if (isJsonDeeperThan(bytes, JSON_MAX_DEPTH)) throw new Error('JSON too deep', { cause: jsonTooDeep('The request body', JSON_MAX_DEPTH) });
}

/** A body in another charset body-parser accepts (UTF-16); undecodable text is left to JSON.parse to refuse. */
function decodeOrEmpty(body: Buffer, encoding: string): string {
  try {
    return new TextDecoder(encoding).decode(body);
  } catch {
    return '';
  }
}
