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
