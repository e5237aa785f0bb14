import type { Agent } from 'node:http';
import { pipeline } from 'node:stream/promises';
import { REQUEST_ID_HEADER, requestIdOf } from '@tabula/service-kit';
import axios from 'axios';
import type { Readable } from 'node:stream';
import type { RequestHandler } from 'express';
import { upstreamError } from './upstream-error.js';

export interface Upstream {
  name: string;
  baseUrl: string;
  agent: Agent;
}

const REQUEST_HEADERS = ['content-type', 'content-length', 'accept', 'accept-encoding'];
const RESPONSE_HEADERS = ['content-type', 'content-length', 'content-encoding', 'retry-after', 'content-disposition'];

/**
 * Relays a request to a service and its answer back, streaming both bodies: an upload is never
 * held in the gateway's memory. The service's own status and body pass through unchanged (a 4xx
 * stays that 4xx); only transport failures become gateway errors.
 */
export function forwardTo(upstream: Upstream, timeoutMs: number): RequestHandler {
  return async (req, res, next) => {
    const headers: Record<string, string> = {};
    for (const name of REQUEST_HEADERS) {
      const value = req.headers[name];
      if (typeof value === 'string') headers[name] = value;
    }
    headers[REQUEST_ID_HEADER] = requestIdOf(req) ?? '';
    const hasBody = req.headers['content-length'] !== undefined || req.headers['transfer-encoding'] !== undefined;
    let response;
    try {
      response = await axios.request<Readable>({
        method: req.method,
        url: new URL(req.originalUrl, upstream.baseUrl).toString(),
        data: hasBody ? req : undefined,
        headers,
        responseType: 'stream',
        timeout: timeoutMs,
        validateStatus: () => true,
        maxRedirects: 0,
        maxBodyLength: Infinity,
        maxContentLength: Infinity,
        decompress: false,
        httpAgent: upstream.agent,
      });
    } catch (error) {
      return next(upstreamError(upstream.name, error, timeoutMs));
    }
    res.status(response.status);
    for (const name of RESPONSE_HEADERS) {
      const value = response.headers[name];
      if (typeof value === 'string' || typeof value === 'number') res.setHeader(name, value);
    }
    try {
      await pipeline(response.data, res);
    } catch (error) {
      req.log.warn({ err: error, upstream: upstream.name }, 'relaying the response was interrupted');
    }
  };
}
