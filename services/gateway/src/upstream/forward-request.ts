import type { ClientRequest, IncomingHttpHeaders } from 'node:http';
import { pipeline } from 'node:stream/promises';
import { setTimeout as sleep } from 'node:timers/promises';
import { REQUEST_ID_HEADER, dropUnreadBody, requestIdOf } from '@tabula/service-kit';
import type { Request, RequestHandler, Response } from 'express';
import { bodyTooSlow, circuitOpenError, tooManyInFlight, upstreamError, type TabulaError } from '@tabula/contracts';
import { watchBody, type BodyPace, type BodyWatch } from './body-watchdog.js';
import type { CircuitBreaker } from './circuit-breaker.js';
import type { ClientSlots } from './client-slots.js';
import type { RelayLimit } from './relay-metrics.js';
import type { Replica, ReplicaPool } from './replica-pool.js';
import { isSmallJsonBody, readWholeBody } from './replay-body.js';
import { openUpstreamRequest, type UpstreamTarget } from './upstream-request.js';
import { backoffDelayMs, isReplayable, isRetryableError, isUpstreamFailure, type RetryBudget, type RetryOptions } from './retry-policy.js';

/**
 * One service as the gateway calls it. The name, baseUrl and agent are its first replica; `replicas`, when the
 * service's URL lists several, are all of them (the first included). The circuit breaker, retry policy and budget
 * are the service's, shared by its replicas (replica-pool.ts says why).
 */
export interface Upstream extends UpstreamTarget {
  replicas?: UpstreamTarget[];
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
  /** How slowly a request body may arrive (BODY_IDLE_TIMEOUT_MS, BODY_MIN_BYTES_PER_S). */
  bodyPace: BodyPace;
  /** Requests in flight per client address, shared by every upstream (UPSTREAM_MAX_PER_CLIENT). */
  clientSlots: ClientSlots;
  /** Told of each request a bound refused, for the metrics. */
  onRefused?: (limit: RelayLimit) => void;
}

/** An upstream with its replica pool, as createApp builds it for the routes. */
export interface PooledUpstream extends Upstream {
  pool: ReplicaPool;
}

export interface ForwardOptions {
  /**
   * The route has no side effect (POST /predict, /predict_batch): a small JSON body is held (replay-body.ts) and,
   * when its first connection fails before any byte of the answer, sent once more to another replica. Only with
   * several replicas: with one there is nowhere else to go, and the body streams as it always has.
   */
  replaysSmallJson?: boolean;
}

const REQUEST_HEADERS = ['content-type', 'content-length', 'transfer-encoding', 'accept', 'accept-encoding'];
const RESPONSE_HEADERS = ['content-type', 'content-length', 'content-encoding', 'retry-after', 'location', 'content-disposition', 'x-model-name', 'x-model-version', 'x-ignored-columns'];

/**
 * Relays a request to a service and its answer back, streaming both bodies: an upload is never
 * held in the gateway's memory, and a streamed prediction reaches the client row block by row
 * block. The service's own status and body pass through unchanged (a 4xx stays that 4xx); only
 * transport failures become gateway errors. Each attempt first asks the upstream's circuit
 * breaker; a bodiless GET that failed to connect is retried with jittered backoff while the retry
 * budget lasts (a small JSON prediction, held, once on another replica). The calls go through
 * the gateway's one HTTP client (upstream-request.ts), each to the replica the pool picks; a retry
 * goes to a replica not yet tried when there is one (then at once and outside the retry budget:
 * the failing replica gets no more calls from it). A training is never retried: its body is
 * streamed and it writes a version.
 *
 * The client's side is bounded: a client has at most its share of requests in flight (429 past
 * it), a body that stalls or trickles ends with 408 and lets go of its upstream connection, and an
 * answer that comes before the whole body stops the forwarding of the rest.
 */
export function forwardTo(upstream: PooledUpstream, timeoutMs: number, options: ForwardOptions = {}): RequestHandler {
  const { relay, pool } = upstream;
  return (req, res, next) => {
    const hasBody = req.headers['content-length'] !== undefined || req.headers['transfer-encoding'] !== undefined;
    const isHeld = hasBody && options.replaysSmallJson === true && pool.size > 1 && isSmallJsonBody(req);
    const replayable = isReplayable(req.method, hasBody);
    let bodyBytes = 0;
    let upstreamReq: ClientRequest | undefined;
    let forwarding = false;
    let answered = false;
    let stalled: TabulaError | undefined;
    let watch: BodyWatch | undefined;
    // An answer given before the client has sent its whole body: the rest goes nowhere, and is read
    // and dropped (or the connection closed) rather than waited for.
    const dropRestOfBody = () => {
      forwarding = false;
      dropUnreadBody(req, res, { maxBytes: relay.drainMaxBytes, bytesRead: bodyBytes });
    };
    const fail = (error: unknown) => {
      dropRestOfBody();
      next(error);
    };
    const failStalled = (error: TabulaError) => {
      forwarding = false;
      req.unpipe();
      // The client stopped sending: nothing is lost by closing as soon as the 408 is out.
      res.setHeader('Connection', 'close');
      next(error);
    };
    if (hasBody) {
      req.on('data', (chunk: Buffer) => (bodyBytes += chunk.length));
      watch = watchBody(req, relay.bodyPace, () => forwarding && (upstreamReq?.writableNeedDrain ?? false), () => {
        stalled = bodyTooSlow(relay.bodyPace.idleTimeoutMs, relay.bodyPace.minBytesPerS);
        relay.onRefused?.('body_pace');
        req.log.info({ upstream: upstream.name, body_bytes: bodyBytes }, 'request body too slow');
        // The upstream request fails with it, and its error handler answers 408.
        if (upstreamReq && !answered && !upstreamReq.destroyed) upstreamReq.destroy(stalled);
        else if (!res.headersSent) failStalled(stalled);
        else if (res.writableFinished) req.socket.destroy();
        else res.destroy();
      });
      res.once('close', watch.stop);
    }

    const client = req.ip ?? req.socket.remoteAddress ?? 'unknown';
    if (!relay.clientSlots.tryTake(client)) {
      relay.onRefused?.('client_share');
      return fail(tooManyInFlight(relay.clientSlots.perClient));
    }
    let released = false;
    const release = () => {
      if (released) return;
      released = true;
      relay.clientSlots.release(client);
    };
    res.once('finish', release).once('close', release);
    upstream.retryBudget.onCall();

    const tried = new Set<Replica>();
    const attempt = (retriesDone: number, heldBody?: Buffer): void => {
      const admission = upstream.breaker.admit();
      if (!admission.admitted) return fail(circuitOpenError(upstream.name, admission.retryAfterMs));
      const replica = pool.pick(tried);
      tried.add(replica);
      const current = send(req, res, { target: replica.target, timeoutMs, hasBody, heldBody });
      replica.inFlight += 1;
      current.once('close', () => (replica.inFlight -= 1));
      upstreamReq = current;
      forwarding = hasBody && heldBody === undefined;
      // The pause while the upstream did not take the body is not the client's slowness.
      current.on('drain', () => watch?.resumed());
      const abandonBody = () => {
        if (!forwarding) return;
        req.unpipe(current);
        dropRestOfBody();
      };
      current.on('error', (error) => {
        // After the answer has begun, the pipeline below owns failures (it destroys the response).
        if (answered) return;
        if (error === stalled) {
          upstream.breaker.onAbandoned();
          return failStalled(stalled);
        }
        if (res.destroyed) return upstream.breaker.onAbandoned();
        // The breaker judges the service, the pool each replica: a failure while another replica is still in
        // rotation costs that replica its place, not the service its circuit (else one dead replica of three
        // would soon have every call refused). With one replica, or the last one in rotation, it counts as ever.
        const isServiceFailure = isUpstreamFailure(error) && !pool.onFailure(replica, (error as { code?: string }).code ?? 'failed');
        if (isServiceFailure) upstream.breaker.onFailure();
        else upstream.breaker.onAbandoned();
        // Another replica not yet tried is a failover, not a second blow at a failing one: at once, and free.
        const hasOther = tried.size < pool.size;
        const retry = isRetryableError(error) && (heldBody !== undefined
          ? retriesDone < Math.min(1, upstream.retry.maxRetries) && hasOther
          : replayable && retriesDone < upstream.retry.maxRetries && (hasOther || upstream.retryBudget.trySpend()));
        if (retry) {
          req.log.warn({ err: error, upstream: upstream.name, replica: replica.id, retry: retriesDone + 1 }, 'retrying an upstream call');
          void sleep(hasOther ? 0 : backoffDelayMs(retriesDone, upstream.retry)).then(() => {
            if (!res.destroyed) attempt(retriesDone + 1, heldBody);
          });
        } else if (!res.headersSent) {
          req.unpipe(current);
          fail(upstreamError(upstream.name, error, timeoutMs));
        } else res.destroy(error);
      });
      current.on('response', (upstreamRes) => {
        answered = true;
        upstream.breaker.onSuccess();
        const status = upstreamRes.statusCode ?? 502;
        // An error answer before the whole body: the upstream refused the upload and reads no more of it.
        if (hasBody && !req.complete && status >= 400) abandonBody();
        upstreamRes.once('end', () => {
          // Answered in full (an error in-band after a 200, say) without all of the body: that
          // request can never complete, so its socket is closed rather than left to the pool.
          if (!hasBody || current.writableFinished) return;
          abandonBody();
          current.destroy();
        });
        res.status(status);
        for (const [name, value] of Object.entries(pick(upstreamRes.headers, RESPONSE_HEADERS))) res.setHeader(name, value);
        pipeline(upstreamRes, res).catch((error: unknown) => {
          req.log.warn({ err: error, upstream: upstream.name }, 'relaying the response was interrupted');
        });
      });
    };
    if (!isHeld) return attempt(0);
    // The whole (small) body first, then the calls; the body watchdog bounds the wait as for any body.
    readWholeBody(req).then(
      (body) => {
        if (stalled === undefined && !res.headersSent && !res.destroyed) attempt(0, body);
      },
      () => undefined,
    );
  };
}

/** One attempt: opens the upstream request and streams the client's body into it (or sends the held one), if any. */
function send(
  req: Request,
  res: Response,
  { target, timeoutMs, hasBody, heldBody }: { target: UpstreamTarget; timeoutMs: number; hasBody: boolean; heldBody?: Buffer },
): ClientRequest {
  const headers = pick(req.headers, REQUEST_HEADERS);
  headers[REQUEST_ID_HEADER] = requestIdOf(req) ?? '';
  const upstreamReq = openUpstreamRequest(target, { method: req.method, path: req.originalUrl, headers, timeoutMs });
  // A client that goes away stops the work it asked for.
  res.on('close', () => {
    if (!res.writableFinished) upstreamReq.destroy();
  });
  if (heldBody !== undefined) upstreamReq.end(heldBody);
  else if (hasBody) req.pipe(upstreamReq);
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
