import { request, type Agent, type ClientRequest, type IncomingHttpHeaders } from 'node:http';
import { pipeline } from 'node:stream/promises';
import { setTimeout as sleep } from 'node:timers/promises';
import { REQUEST_ID_HEADER, requestIdOf } from '@tabula/service-kit';
import type { Request, RequestHandler, Response } from 'express';
import type { CircuitBreaker } from './circuit-breaker.js';
import { backoffDelayMs, isReplayable, isRetryableError, isUpstreamFailure, type RetryBudget, type RetryOptions } from './retry-policy.js';
import { circuitOpenError, upstreamError } from './upstream-error.js';

export interface Upstream {
  name: string;
  baseUrl: string;
  agent: Agent;
  breaker: CircuitBreaker;
  retry: RetryOptions;
  retryBudget: RetryBudget;
}

const REQUEST_HEADERS = ['content-type', 'content-length', 'transfer-encoding', 'accept', 'accept-encoding'];
const RESPONSE_HEADERS = ['content-type', 'content-length', 'content-encoding', 'retry-after', 'location', 'content-disposition', 'x-model-name', 'x-model-version', 'x-ignored-columns'];

/**
 * Relays a request to a service and its answer back, streaming both bodies: an upload is never
 * held in the gateway's memory, and a streamed prediction reaches the client row block by row
 * block. The service's own status and body pass through unchanged (a 4xx stays that 4xx); only
 * transport failures become gateway errors. Each attempt first asks the upstream's circuit
 * breaker; a bodiless GET that failed to connect is retried with jittered backoff while the retry
 * budget lasts. Plain node:http rather than axios here: the relay is on every request's path, and
 * axios' stream wrappers cost a visible share of a small request.
 */
export function forwardTo(upstream: Upstream, timeoutMs: number): RequestHandler {
  const base = new URL(upstream.baseUrl);
  return (req, res, next) => {
    const hasBody = req.headers['content-length'] !== undefined || req.headers['transfer-encoding'] !== undefined;
    const replayable = isReplayable(req.method, hasBody);
    upstream.retryBudget.onCall();

    const attempt = (retriesDone: number): void => {
      const admission = upstream.breaker.admit();
      if (!admission.admitted) return next(circuitOpenError(upstream.name, admission.retryAfterMs));
      const upstreamReq = send(req, res, { base, upstream, timeoutMs, hasBody });
      let answered = false;
      upstreamReq.on('error', (error) => {
        // After the answer has begun, the pipeline below owns failures (it destroys the response).
        if (answered) return;
        if (res.destroyed) return upstream.breaker.onAbandoned();
        if (isUpstreamFailure(error)) upstream.breaker.onFailure();
        else upstream.breaker.onAbandoned();
        const retry = replayable && isRetryableError(error) && retriesDone < upstream.retry.maxRetries && upstream.retryBudget.trySpend();
        if (retry) {
          req.log.warn({ err: error, upstream: upstream.name, retry: retriesDone + 1 }, 'retrying an upstream call');
          void sleep(backoffDelayMs(retriesDone, upstream.retry)).then(() => {
            if (!res.destroyed) attempt(retriesDone + 1);
          });
        } else if (!res.headersSent) next(upstreamError(upstream.name, error, timeoutMs));
        else res.destroy(error);
      });
      upstreamReq.on('response', (upstreamRes) => {
        answered = true;
        upstream.breaker.onSuccess();
        res.status(upstreamRes.statusCode ?? 502);
        for (const [name, value] of Object.entries(pick(upstreamRes.headers, RESPONSE_HEADERS))) res.setHeader(name, value);
        pipeline(upstreamRes, res).catch((error: unknown) => {
          req.log.warn({ err: error, upstream: upstream.name }, 'relaying the response was interrupted');
        });
      });
    };
    attempt(0);
  };
}

/** One attempt: opens the upstream request and streams the client's body into it, if any. */
function send(
  req: Request,
  res: Response,
  { base, upstream, timeoutMs, hasBody }: { base: URL; upstream: Upstream; timeoutMs: number; hasBody: boolean },
): ClientRequest {
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
  // A client that goes away stops the work it asked for.
  res.on('close', () => {
    if (!res.writableFinished) upstreamReq.destroy();
  });
  if (hasBody) req.pipe(upstreamReq);
  else upstreamReq.end();
  return upstreamReq;
}

function pick(headers: IncomingHttpHeaders, names: string[]): Record<string, string> {
  const picked: Record<string, string> = {};
  for (const name of names) {
    const value = headers[name];
    if (typeof value === 'string') picked[name] = value;
  }
  return picked;
}
