import { request, type Agent, type ClientRequest, type OutgoingHttpHeaders } from 'node:http';

/** Where a service is and the connections to it: what the gateway's HTTP client needs. */
export interface UpstreamTarget {
  name: string;
  baseUrl: string;
  /** Keep-alive connections to the service (UPSTREAM_MAX_SOCKETS); past them, requests wait for one. */
  agent: Agent;
}

export interface UpstreamRequestOptions {
  method: string;
  /** Path and query, e.g. /predict?model_name=iris. */
  path: string;
  headers?: OutgoingHttpHeaders;
  /** Idle time allowed on the connection before the call fails with ETIMEDOUT (see upstreamError). */
  timeoutMs: number;
}

/**
 * The gateway's one HTTP client: every call to a service (the relay of each request, the /ready
 * probes) opens here, on the service's keep-alive agent and with the same idle timeout. Plain
 * node:http, as the relay streams both bodies and is on every request's path. The timeout is an
 * idle one: a streamed prediction of a large file may rightly take long in total, but not go quiet.
 * A timed-out call is destroyed with an error coded ETIMEDOUT, which the retry policy, the circuit
 * breaker and upstreamError (504) read.
 */
export function openUpstreamRequest(target: UpstreamTarget, { method, path, headers = {}, timeoutMs }: UpstreamRequestOptions): ClientRequest {
  const base = new URL(target.baseUrl);
  const upstreamReq = request({ host: base.hostname, port: base.port, method, path, headers, agent: target.agent });
  upstreamReq.setTimeout(timeoutMs, () => upstreamReq.destroy(timedOut(target)));
  return upstreamReq;
}

const timedOut = (target: UpstreamTarget) => Object.assign(new Error(`${target.name} timeout`), { code: 'ETIMEDOUT' });

/**
 * GETs a path without a body and answers the status once the answer has been read to its end (and
 * dropped), so its connection goes back to the agent's pool. Rejects on a transport failure, with
 * the socket's error (its `code` says which: ECONNREFUSED, ETIMEDOUT, …). `timeoutMs` bounds the
 * whole call, the wait for a free connection included: a probe must answer even while every
 * connection to the service is taken by long trainings.
 */
export function fetchStatus(target: UpstreamTarget, path: string, timeoutMs: number): Promise<number> {
  return new Promise<number>((resolve, reject) => {
    const upstreamReq = openUpstreamRequest(target, { method: 'GET', path, timeoutMs });
    const settle = (outcome: () => void) => {
      clearTimeout(deadline);
      outcome();
    };
    const fail = (error: unknown) => settle(() => reject(error));
    // Rejects itself: a request still queued for a connection emits no error when destroyed (only
    // once it gets one), and the probe must not wait for that.
    const deadline = setTimeout(() => {
      const error = timedOut(target);
      upstreamReq.destroy(error);
      fail(error);
    }, timeoutMs);
    upstreamReq.on('error', fail);
    upstreamReq.once('response', (upstreamRes) => {
      upstreamRes.on('error', fail);
      upstreamRes.once('end', () => settle(() => resolve(upstreamRes.statusCode ?? 0)));
      upstreamRes.resume();
    });
    upstreamReq.end();
  });
}
