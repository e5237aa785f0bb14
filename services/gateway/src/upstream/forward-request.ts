import { request, type Agent, type ClientRequest, type IncomingHttpHeaders } from 'node:http';
import { pipeline } from 'node:stream/promises';
import { setTimeout as sleep } from 'node:timers/promises';
import { REQUEST_ID_HEADER, dropUnreadBody, requestIdOf } from '@tabula/service-kit';
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
  /** How the client's side of a relay is bounded (the same for every upstream). */
  relay: RelayLimits;
}

export interface RelayLimits {
  /**
   * After an answer that came before the client's whole body (an upstream that refused it early),
   * how much more of the body is read and dropped, so the connection stays usable; past it, the
   * connection is closed (BODY_DRAIN_MB).
   */
  drainMaxBytes: number;
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
    let bodyBytes = 0;
    if (hasBody) req.on('data', (chunk: Buffer) => (bodyBytes += chunk.length));
    // An answer given before the client has sent its whole body: the rest goes nowhere, and is read
    // and dropped (or the connection closed) rather than waited for.
    const dropRestOfBody = () => dropUnreadBody(req, res, { maxBytes: upstream.relay.drainMaxBytes, bytesRead: bodyBytes });
    const fail = (error: unknown) => {
      dropRestOfBody();
      next(error);
    };

    const attempt = (retriesDone: number): void => {
      const admission = upstream.breaker.admit();
      if (!admission.admitted) return fail(circuitOpenError(upstream.name, admission.retryAfterMs));
      const upstreamReq = send(req, res, { base, upstream, timeoutMs, hasBody });
      let answered = false;
      let bodyAbandoned = false;
      const abandonBody = () => {
        if (bodyAbandoned) return;
        bodyAbandoned = true;
        req.unpipe(upstreamReq);
        dropRestOfBody();
      };
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
        } else if (!res.headersSent) {
          req.unpipe(upstreamReq);
          fail(upstreamError(upstream.name, error, timeoutMs));
        } else res.destroy(error);
      });
      upstreamReq.on('response', (upstreamRes) => {
        answered = true;
        upstream.breaker.onSuccess();
        const status = upstreamRes.statusCode ?? 502;
        // An error answer before the whole body: the upstream refused the upload and reads no more of it.
        if (hasBody && !req.complete && status >= 400) abandonBody();
        upstreamRes.once('end', () => {
          // Answered in full (an error in-band after a 200, say) without all of the body: that
          // request can never complete, so its socket is closed rather than left to the pool.
          if (!hasBody || upstreamReq.writableFinished) return;
          abandonBody();
          upstreamReq.destroy();
        });
        res.status(status);
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
