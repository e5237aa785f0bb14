import { RateLimiterPostgres, RateLimiterRes } from 'rate-limiter-flexible';
import { RATE_LIMIT_TABLE, type RateLimitDatabase } from './rate-limit-database.js';
import type { RateBudget, RateDecision, TokenBuckets } from './rate-limiter.js';

export interface SharedRateBudgetOptions {
  /** Keeps this budget's rows apart from the others' in the one table ("requests", "auth_failures"). */
  name: string;
  /** What each caller may spend per window. */
  points: number;
  /** The window, in seconds: 60 for the per-minute settings. */
  windowS: number;
  /** Counts in this process while the database does not answer. */
  fallback: TokenBuckets;
}

/**
 * A per-caller budget that every gateway spends from: rate-limiter-flexible's RateLimiterPostgres, one row per
 * caller in the gateway_rate_limits table, updated by one atomic upsert per request. Its counting is a fixed window
 * that opens at a caller's first request: `points` requests, then 429 until `windowS` seconds after that first one
 * (Retry-After says how long), then a new window. A restarted gateway finds the row as it was.
 *
 * While the database does not answer (a failed query, or `db` not yet set up), decisions come from `fallback`, the
 * in-memory token buckets of a single gateway, and the failure goes to `db`, which logs it and probes until the
 * database is back. So a limited call is never refused or failed for the database's sake.
 */
export function createSharedRateBudget(db: RateLimitDatabase, { name, points, windowS, fallback }: SharedRateBudgetOptions): RateBudget {
  const limiter = new RateLimiterPostgres({
    storeClient: db.pool,
    storeType: 'pool',
    tableName: RATE_LIMIT_TABLE,
    // The gateway creates the table (rate-limit-database.ts) and deletes old rows on its own clearable timer.
    tableCreated: true,
    clearExpiredByTimeout: false,
    keyPrefix: name,
    points,
    duration: windowS,
  });
  const refused = (res: RateLimiterRes): RateDecision => ({ allowed: false, retryAfterS: Math.max(1, Math.ceil(res.msBeforeNext / 1000)) });

  return {
    async take(caller) {
      if (!db.isAvailable) return fallback.take(caller);
      try {
        await limiter.consume(caller);
        return { allowed: true };
      } catch (error) {
        // consume rejects with the caller's RateLimiterRes when the budget is spent, and with the driver's error
        // when the database failed.
        if (error instanceof RateLimiterRes) return refused(error);
        db.reportFailure(error);
        return fallback.take(caller);
      }
    },
    async peek(caller) {
      if (!db.isAvailable) return fallback.peek(caller);
      try {
        const spent = await limiter.get(caller);
        return spent !== null && spent.consumedPoints >= points ? refused(spent) : { allowed: true };
      } catch (error) {
        db.reportFailure(error);
        return fallback.peek(caller);
      }
    },
  };
}
