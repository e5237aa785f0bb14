import { request, type Agent, type IncomingHttpHeaders } from 'node:http';
import { pipeline } from 'node:stream/promises';
import { REQUEST_ID_HEADER, requestIdOf } from '@tabula/service-kit';
import type { RequestHandler } from 'express';
import { upstreamError } from './upstream-error.js';

export interface Upstream {
  name: string;
  baseUrl: string;
  agent: Agent;
}

const REQUEST_HEADERS = ['content-type', 'content-length', 'transfer-encoding', 'accept', 'accept-encoding'];
const RESPONSE_HEADERS = ['content-type', 'content-length', 'content-encoding', 'retry-after', 'location', 'content-disposition', 'x-model-name', 'x-model-version'];

/**
 * Relays a request to a service and its answer back, streaming both bodies: an upload is never
 * held in the gateway's memory, and a streamed prediction reaches the client row block by row
 * block. The service's own status and body pass through unchanged (a 4xx stays that 4xx); only
 * transport failures become gateway errors. Plain node:http rather than axios here: the relay is
 * on every request's path, and axios' stream wrappers cost a visible share of a small request.
 */
export function forwardTo(upstream: Upstream, timeoutMs: number): RequestHandler {
  const base = new URL(upstream.baseUrl);
  return (req, res, next) => {
    const headers = pick(req.headers, REQUEST_HEADERS);
    headers[REQUEST_ID_HEADER] = requestIdOf(req) ?? '';
    const upstreamReq = request({
      host: base.hostname,
      port: base.port,
      method: req.method,
      path: req.originalUrl,
      headers,
      agent: upstream.agent,
    });
    // An idle timeout, as a streamed prediction of a large file may rightly take long in total.
    upstreamReq.setTimeout(timeoutMs, () => upstreamReq.destroy(Object.assign(new Error('upstream timeout'), { code: 'ETIMEDOUT' })));
    upstreamReq.on('error', (error) => {
      if (!res.headersSent) next(upstreamError(upstream.name, error, timeoutMs));
      else res.destroy(error);
    });
    upstreamReq.on('response', (upstreamRes) => {
      res.status(upstreamRes.statusCode ?? 502);
      for (const [name, value] of Object.entries(pick(upstreamRes.headers, RESPONSE_HEADERS))) res.setHeader(name, value);
      pipeline(upstreamRes, res).catch((error: unknown) => {
        req.log.warn({ err: error, upstream: upstream.name }, 'relaying the response was interrupted');
      });
    });
    // A client that goes away stops the work it asked for.
    res.on('close', () => {
      if (!res.writableFinished) upstreamReq.destroy();
    });
    const hasBody = req.headers['content-length'] !== undefined || req.headers['transfer-encoding'] !== undefined;
    if (hasBody) req.pipe(upstreamReq);
    else upstreamReq.end();
  };
}

function pick(headers: IncomingHttpHeaders, names: string[]): Record<string, string> {
  const picked: Record<string, string> = {};
  for (const name of names) {
    const value = headers[name];
    if (typeof value === 'string') picked[name] = value;
  }
  return picked;
}
