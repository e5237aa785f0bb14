import type { DatabaseTarget } from '@tabula/contracts';
import type { Logger } from '@tabula/service-kit';
import pg from 'pg';

/** The one table every gateway counts in; rate-limiter-flexible's RateLimiterPostgres reads and writes its rows. */
export const RATE_LIMIT_TABLE = 'gateway_rate_limits';

// The columns RateLimiterPostgres's queries expect (its own CREATE TABLE, which the gateway runs instead, see below).
const CREATE_TABLE = `CREATE TABLE IF NOT EXISTS ${RATE_LIMIT_TABLE} (
  key varchar(255) PRIMARY KEY,
  points integer NOT NULL DEFAULT 0,
  expire bigint
)`;
// Any fixed bigint, the same in every gateway and apart from the registry's migration lock ("tabula"): gateways
// starting at once queue on it, so one creates the table and the others find it.
const TABLE_LOCK_KEY = 0x7461_6275_6c72; // "tabulr"
// Retries back off from 0.5 s to 5 s, as the services' store does at start: a database back from an outage is
// counted in again within seconds, and a long outage costs one query every 5 s.
const FIRST_RETRY_MS = 500;
const MAX_RETRY_MS = 5_000;
// Rows of windows that ended an hour ago are deleted every 5 minutes (RateLimiterPostgres's own schedule).
const CLEAR_EVERY_MS = 5 * 60_000;
const CLEAR_AFTER_MS = 60 * 60_000;
const UNAVAILABLE = 'shared rate limits unavailable: this gateway counts on its own until the database answers';
const HINT = 'Check that PostgreSQL runs and that DATABASE_URL names its host, port, database, user and password; the gateway keeps trying.';

export interface RateLimitDatabaseOptions {
  logger: Logger;
  /**
   * A connection or query slower than this counts as a failure, so a database that hangs holds a request no longer
   * than this before the gateway counts on its own.
   */
  timeoutMs?: number;
  /** Told each change: true once the shared counts are in use, false when the gateway counts on its own. */
  onAvailability?: (isAvailable: boolean) => void;
}

/**
 * The database the shared rate limits live in, and whether it answers. The gateway creates the table itself under a
 * transaction advisory lock (rather than letting RateLimiterPostgres's constructor do it, which tries once and has no
 * retry) and runs that same statement as its probe: until it succeeds, at start or after a failure a limiter reports,
 * `isAvailable` is false and the budgets count in memory. One log line says when the shared counts fail (which
 * database, why) and one when they are back; no restart is needed.
 */
export class RateLimitDatabase {
  readonly pool: pg.Pool;
  private available = false;
  private closed = false;
  private attempt = 0;
  private downSince = Date.now();
  private retryTimer?: NodeJS.Timeout;
  private clearTimer?: NodeJS.Timeout;

  constructor(
    readonly target: DatabaseTarget,
    private readonly options: RateLimitDatabaseOptions,
  ) {
    const timeoutMs = options.timeoutMs ?? 2_000;
    this.pool = new pg.Pool({ connectionString: target.connectionString, max: 10, connectionTimeoutMillis: timeoutMs, query_timeout: timeoutMs });
    // An idle client whose server went away emits 'error' on the pool; unhandled, it would end the process. The
    // next query reports the outage instead.
    this.pool.on('error', () => undefined);
  }

  /** Whether the budgets count in the database now (false: each gateway counts on its own). */
  get isAvailable(): boolean {
    return this.available;
  }

  /** Sets up the table once; when the database does not answer, logs why and keeps trying in the background. */
  start(): Promise<void> {
    return this.setUp();
  }

  /** A limiter's query failed: count in memory from now on, and probe until the database answers again. */
  reportFailure(error: unknown): void {
    if (!this.available || this.closed) return;
    this.available = false;
    this.downSince = Date.now();
    this.options.onAvailability?.(false);
    const retryInMs = this.scheduleRetry();
    this.options.logger.warn({ database: this.target.hostPort, reason: reasonOf(error), retry_in_ms: retryInMs, hint: HINT }, UNAVAILABLE);
  }

  async close(): Promise<void> {
    this.closed = true;
    clearTimeout(this.retryTimer);
    clearInterval(this.clearTimer);
    await this.pool.end();
  }

  private async setUp(): Promise<void> {
    try {
      await this.createTable();
    } catch (error) {
      if (this.closed) return;
      const retryInMs = this.scheduleRetry();
      const fields = { database: this.target.hostPort, reason: reasonOf(error), retry_in_ms: retryInMs };
      if (this.attempt === 1) {
        this.options.logger.warn({ ...fields, hint: HINT }, UNAVAILABLE);
      } else {
        this.options.logger.debug(fields, 'shared rate limits still unavailable');
      }
      return;
    }
    if (this.closed) return;
    const wasDown = this.attempt > 0;
    this.attempt = 0;
    this.available = true;
    this.options.onAvailability?.(true);
    if (wasDown) {
      this.options.logger.info({ database: this.target.hostPort, down_ms: Date.now() - this.downSince }, 'shared rate limits restored: every gateway counts against one budget again');
    } else {
      this.options.logger.info({ database: this.target.hostPort, table: RATE_LIMIT_TABLE }, 'shared rate limits ready: every gateway counts against one budget');
    }
    this.clearTimer ??= setInterval(() => void this.clearExpired(), CLEAR_EVERY_MS).unref();
  }

  /** Plans the next probe; returns its delay. */
  private scheduleRetry(): number {
    this.attempt += 1;
    const delayMs = Math.min(MAX_RETRY_MS, FIRST_RETRY_MS * 2 ** (this.attempt - 1));
    clearTimeout(this.retryTimer);
    this.retryTimer = setTimeout(() => void this.setUp(), delayMs);
    return delayMs;
  }

  private async createTable(): Promise<void> {
    const client = await this.pool.connect();
    let failure: Error | undefined;
    try {
      await client.query('BEGIN');
      await client.query('SELECT pg_advisory_xact_lock($1)', [TABLE_LOCK_KEY]);
      await client.query(CREATE_TABLE);
      await client.query('COMMIT');
    } catch (error) {
      failure = error instanceof Error ? error : new Error(String(error));
      await client.query('ROLLBACK').catch(() => undefined);
      throw error;
    } finally {
      // A client whose statement failed may sit on a broken connection: dropped, not pooled.
      client.release(failure);
    }
  }

  private async clearExpired(): Promise<void> {
    if (!this.available) return;
    // Best effort: a failure here changes no decision, and the next limiter query reports an outage.
    await this.pool.query(`DELETE FROM ${RATE_LIMIT_TABLE} WHERE expire < $1`, [Date.now() - CLEAR_AFTER_MS]).catch(() => undefined);
  }
}

/** Why the database failed, for the log: the SQLSTATE or socket code and the driver's words (never the URL). */
function reasonOf(error: unknown): string {
  const code = typeof error === 'object' && error !== null && 'code' in error ? String(error.code) : '';
  const message = error instanceof Error ? error.message : String(error);
  return code && !message.includes(code) ? `${code} ${message}` : message;
}
