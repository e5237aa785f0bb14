import { TabulaError } from '@tabula/contracts';

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
