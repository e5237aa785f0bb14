/** Beyond this many callers tracked at once, buckets that have refilled are forgotten. */
const MAX_TRACKED = 10_000;

export type RateDecision = { allowed: true } | { allowed: false; retryAfterS: number };

/**
 * A token bucket per caller: `perMinute` requests in a burst, refilled evenly over the minute, so
 * a caller at the limit gets one request through every 60/perMinute seconds rather than a burst
 * at each minute's turn. `now` is injectable for tests.
 */
export function createRateLimiter(perMinute: number, now: () => number = Date.now): (caller: string) => RateDecision {
  const refillPerMs = perMinute / 60_000;
  const buckets = new Map<string, { tokens: number; at: number }>();

  function forgetRefilled(t: number): void {
    for (const [caller, bucket] of buckets) {
      if (bucket.tokens + (t - bucket.at) * refillPerMs >= perMinute) buckets.delete(caller);
    }
  }

  return (caller) => {
    const t = now();
    let bucket = buckets.get(caller);
    if (!bucket) {
      if (buckets.size >= MAX_TRACKED) forgetRefilled(t);
      bucket = { tokens: perMinute, at: t };
      buckets.set(caller, bucket);
    }
    bucket.tokens = Math.min(perMinute, bucket.tokens + (t - bucket.at) * refillPerMs);
    bucket.at = t;
    if (bucket.tokens >= 1) {
      bucket.tokens -= 1;
      return { allowed: true };
    }
    return { allowed: false, retryAfterS: Math.max(1, Math.ceil((1 - bucket.tokens) / refillPerMs / 1000)) };
  };
}
