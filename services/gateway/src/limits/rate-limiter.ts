/** Beyond this many callers tracked at once, buckets that have refilled are forgotten. */
const MAX_TRACKED = 10_000;

export type RateDecision = { allowed: true } | { allowed: false; retryAfterS: number };

/**
 * A budget per caller as access control uses it: kept in this process (TokenBuckets, answering at once) or shared
 * by every gateway in PostgreSQL (shared-rate-budget.ts, answering after a query). Callers await either.
 */
export interface RateBudget {
  /** Takes one from the caller's budget: allowed while some is left. */
  take(caller: string): RateDecision | Promise<RateDecision>;
  /** Whether the caller has some budget left, without taking any. */
  peek(caller: string): RateDecision | Promise<RateDecision>;
}

export interface TokenBuckets extends RateBudget {
  take(caller: string): RateDecision;
  peek(caller: string): RateDecision;
}

/**
 * A token bucket per caller: `perMinute` tokens in a burst, refilled evenly over the minute, so
 * a caller at the limit gets one more every 60/perMinute seconds rather than a burst at each
 * minute's turn. `peek` lets a check come before the event that costs a token (a failed
 * authentication is only known after the check). `now` is injectable for tests.
 */
export function createTokenBuckets(perMinute: number, now: () => number = Date.now): TokenBuckets {
  const refillPerMs = perMinute / 60_000;
  const buckets = new Map<string, { tokens: number; at: number }>();

  function forgetRefilled(t: number): void {
    for (const [caller, bucket] of buckets) {
      if (bucket.tokens + (t - bucket.at) * refillPerMs >= perMinute) buckets.delete(caller);
    }
  }

  function refilled(caller: string, t: number): { tokens: number; at: number } {
    let bucket = buckets.get(caller);
    if (!bucket) {
      if (buckets.size >= MAX_TRACKED) forgetRefilled(t);
      bucket = { tokens: perMinute, at: t };
      buckets.set(caller, bucket);
    }
    bucket.tokens = Math.min(perMinute, bucket.tokens + (t - bucket.at) * refillPerMs);
    bucket.at = t;
    return bucket;
  }

  const decide = (tokens: number): RateDecision =>
    tokens >= 1 ? { allowed: true } : { allowed: false, retryAfterS: Math.max(1, Math.ceil((1 - tokens) / refillPerMs / 1000)) };

  return {
    take(caller) {
      const bucket = refilled(caller, now());
      const decision = decide(bucket.tokens);
      if (decision.allowed) bucket.tokens -= 1;
      return decision;
    },
    peek(caller) {
      const bucket = buckets.get(caller);
      return bucket ? decide(Math.min(perMinute, bucket.tokens + (now() - bucket.at) * refillPerMs)) : { allowed: true };
    },
  };
}

/** Requests per caller per minute: each request takes a token (RATE_LIMIT_PER_MINUTE). */
export function createRateLimiter(perMinute: number, now: () => number = Date.now): (caller: string) => RateDecision {
  const buckets = createTokenBuckets(perMinute, now);
  return (caller) => buckets.take(caller);
}
