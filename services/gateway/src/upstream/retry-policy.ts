export interface RetryOptions {
  /** Retries after the first attempt (0 disables retrying). */
  maxRetries: number;
  baseDelayMs: number;
  maxDelayMs: number;
}

/**
 * "Full jitter" backoff: a random delay in [0, min(max, base·2^attempt)). Spreading the retries of
 * many clients over the whole window keeps them from hitting a recovering upstream in lockstep.
 */
export function backoffDelayMs(attempt: number, options: RetryOptions, random: () => number = Math.random): number {
  const ceiling = Math.min(options.maxDelayMs, options.baseDelayMs * 2 ** attempt);
  return Math.floor(random() * ceiling);
}

/**
 * Only a request without a body whose method is safe to repeat is replayed. The body of a POST is
 * streamed upstream as it arrives and is gone once sent, and /train writes a version: replaying it
 * could train twice. POST /predict is side-effect free but streamed too, so a client retries it.
 */
export const isReplayable = (method: string, hasBody: boolean): boolean =>
  !hasBody && (method === 'GET' || method === 'HEAD');

/** Transport failures worth another attempt: the connection never carried an answer. */
const RETRYABLE_CODES = new Set(['ECONNREFUSED', 'ECONNRESET', 'EPIPE', 'EHOSTUNREACH', 'ENETUNREACH', 'EAI_AGAIN']);

const errorCode = (error: unknown): string => (error as { code?: string } | undefined)?.code ?? '';

export const isRetryableError = (error: unknown): boolean => RETRYABLE_CODES.has(errorCode(error));

/**
 * Failures that say the upstream is down or hung, for its circuit breaker: the retryable ones and
 * a timeout. A timed-out call is not retried (the upstream may still be working on it), but a
 * service that stops answering must open its circuit as one that refuses connections does.
 */
export const isUpstreamFailure = (error: unknown): boolean => isRetryableError(error) || errorCode(error) === 'ETIMEDOUT';

/**
 * A retry budget (as in Finagle and Envoy): each call earns `ratio` of a retry, each retry spends
 * one, up to `cap` saved. During an outage retries stay a fixed fraction of traffic instead of
 * multiplying it by maxRetries + 1 against an upstream that is trying to come back.
 */
export class RetryBudget {
  private balance: number;

  constructor(
    private readonly ratio: number,
    private readonly cap: number,
  ) {
    this.balance = cap;
  }

  onCall(): void {
    this.balance = Math.min(this.cap, this.balance + this.ratio);
  }

  trySpend(): boolean {
    if (this.balance < 1) return false;
    this.balance -= 1;
    return true;
  }
}
