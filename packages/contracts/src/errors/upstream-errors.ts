import { TabulaError } from './tabula-error.js';

// The gateway's own errors on the hop to a service: transport failures (the only upstream errors it words itself;
// an upstream's 4xx is relayed as it is), its circuit breaker, and what it refuses before forwarding.

const TIMEOUT_CODES = new Set(['ECONNABORTED', 'ETIMEDOUT']);

/** A transport failure talking to a service, as a 502 (unreachable) or 504 (too slow) that names it. */
export function upstreamError(service: string, error: unknown, timeoutMs: number): TabulaError {
  const code = (error as { code?: string } | undefined)?.code;
  if (code && TIMEOUT_CODES.has(code)) {
    return new TabulaError('UPSTREAM_TIMEOUT', `The ${service} service did not answer within ${timeoutMs} ms.`, {
      hint: `Retry later; if this is expected for large inputs, raise the gateway's timeout for the ${service}.`,
      cause: error,
    });
  }
  return new TabulaError('UPSTREAM_UNAVAILABLE', `The ${service} service is unavailable (${code ?? 'connection failed'}).`, {
    hint: `Check that the ${service} is running and reachable from the gateway; GET /ready shows each upstream.`,
    cause: error,
  });
}

/** 503 at once while the circuit to a service is open, with when the gateway will try it again. */
export const circuitOpenError = (service: string, retryAfterMs: number): TabulaError =>
  new TabulaError(
    'UPSTREAM_CIRCUIT_OPEN',
    `The ${service} service is unavailable: its last connections failed, so the gateway is not sending it requests for now.`,
    {
      hint: `Retry after the Retry-After delay; the gateway probes the ${service} again by itself and resumes once it answers.`,
      retryAfterS: Math.max(1, Math.ceil(retryAfterMs / 1000)),
    },
  );

/** 408 from the gateway: a request body stopped, or came slower than it accepts. */
export const bodyTooSlow = (idleTimeoutMs: number, minBytesPerS: number) =>
  new TabulaError(
    'REQUEST_TIMEOUT',
    `The request body arrived too slowly: the gateway waits at most ${idleTimeoutMs} ms for more of it${minBytesPerS > 0 ? ` and needs ${minBytesPerS} bytes/s on average` : ''}.`,
    { hint: 'Send the body without pauses (a client slow to read a streamed answer is not counted), or ask the operator to raise BODY_IDLE_TIMEOUT_MS or lower BODY_MIN_BYTES_PER_S.' },
  );

/** 429 from the gateway: one client already has as many requests in flight as it may. */
export const tooManyInFlight = (limit: number) =>
  new TabulaError('TOO_MANY_REQUESTS', `This client already has ${limit} requests in flight through the gateway, the most one client may have.`, {
    hint: 'Wait for an answer before sending another request, or retry after Retry-After; the operator sets the share with UPSTREAM_MAX_PER_CLIENT.',
    retryAfterS: 1,
  });
