import type { DatabaseTarget } from '@tabula/contracts';
import type { Logger, ServiceMetrics } from '@tabula/service-kit';
import type { AccessControlOptions } from '../auth/access-control.js';
import { RateLimitDatabase } from './rate-limit-database.js';
import { createRateLimiter, createTokenBuckets } from './rate-limiter.js';
import { createSharedRateBudget } from './shared-rate-budget.js';

export interface RateLimitSettings {
  /** RATE_LIMIT_PER_MINUTE: requests per API key (per client address without keys); 0 is no limit. */
  requestsPerMinute: number;
  /** AUTH_FAILURES_PER_MINUTE, or 0 when no keys are set (nothing to fail). */
  authFailuresPerMinute: number;
  /** DATABASE_URL, parsed: set, the budgets are shared by every gateway. */
  database?: DatabaseTarget;
}

export interface OpenRateLimitsOptions {
  logger: Logger;
  metrics?: ServiceMetrics;
  /** The shared budgets' window; 60 s, as the settings are per minute. Tests lengthen it so that no window ends mid-test. */
  windowS?: number;
  /** See RateLimitDatabaseOptions.timeoutMs. */
  timeoutMs?: number;
}

/** What access control counts with, where it counts ("memory" or "postgres host:port", for the startup line), and how to let go. */
export type RateLimits = Pick<AccessControlOptions, 'rateLimit' | 'authFailures'> & { where: string; close(): Promise<void> };

/**
 * The gateway's budgets from its settings. Without a database, or with no limit on: today's in-memory token buckets
 * per gateway, unchanged. With DATABASE_URL: budgets shared through PostgreSQL (shared-rate-budget.ts), falling back
 * to those same buckets while the database does not answer. Never throws for the database: a gateway whose
 * database is down at start serves and counts on its own until it answers.
 */
export async function openRateLimits(settings: RateLimitSettings, options: OpenRateLimitsOptions): Promise<RateLimits> {
  const { requestsPerMinute, authFailuresPerMinute, database } = settings;
  if (!database || (requestsPerMinute === 0 && authFailuresPerMinute === 0)) {
    return {
      rateLimit: requestsPerMinute > 0 ? createRateLimiter(requestsPerMinute) : undefined,
      authFailures: authFailuresPerMinute > 0 ? createTokenBuckets(authFailuresPerMinute) : undefined,
      where: 'memory',
      close: async () => undefined,
    };
  }
  const db = new RateLimitDatabase(database, { logger: options.logger, timeoutMs: options.timeoutMs, onAvailability: observeAvailability(options.metrics) });
  const windowS = options.windowS ?? 60;
  // Each shared budget falls back to the in-memory buckets of the same setting (the single-gateway rule).
  const shared = (name: string, perMinute: number) =>
    perMinute > 0 ? createSharedRateBudget(db, { name, points: perMinute, windowS, fallback: createTokenBuckets(perMinute) }) : undefined;
  const requests = shared('requests', requestsPerMinute);
  const authFailures = shared('auth_failures', authFailuresPerMinute);
  await db.start();
  return {
    rateLimit: requests && ((caller) => requests.take(caller)),
    authFailures,
    where: `postgres ${database.hostPort}`,
    close: () => db.close(),
  };
}

/** A gauge of where the gateway counts: 1 in the shared database, 0 on its own (the database does not answer). */
function observeAvailability(metrics: ServiceMetrics | undefined): ((isAvailable: boolean) => void) | undefined {
  if (!metrics) return undefined;
  const gauge = metrics.gauge({
    name: 'tabula_gateway_shared_rate_limits_up',
    help: 'Whether this gateway counts rate limits in the shared PostgreSQL database (1) or on its own while it does not answer (0).',
  });
  gauge.set(0);
  return (isAvailable) => gauge.set(isAvailable ? 1 : 0);
}
