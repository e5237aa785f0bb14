import { isTabulaError, registryAuthRefused, registryUnavailable } from '@tabula/contracts';
import pg from 'pg';
import type { DatabaseTarget } from '@tabula/contracts';

// SQLSTATEs that mean "the credentials were refused" (28P01 wrong password, 28000 no such user or no pg_hba entry).
const AUTH_REFUSED = new Set(['28P01', '28000']);
// Class 08 (connection exception), 57P01–57P03 (the server shutting down or starting), 53300 (too many connections)
// and the socket errnos: the database is not there right now, and a retry may succeed.
const UNAVAILABLE_STATES = /^(08...|57P0[1-3]|53300)$/;
const UNAVAILABLE_ERRNOS = new Set(['ECONNREFUSED', 'ECONNRESET', 'ENOTFOUND', 'EAI_AGAIN', 'ETIMEDOUT', 'EHOSTUNREACH', 'ENETUNREACH', 'EPIPE']);

/** What the row helpers need: the pool (one statement each) or a transaction's client. */
export interface Queryable {
  query<R extends pg.QueryResultRow>(sql: string, values?: unknown[]): Promise<pg.QueryResult<R>>;
}

export interface RegistryPoolOptions {
  /** Connections at most (default 10); a scoring worker's handle needs only a couple. */
  max?: number;
  /** Called with each statement run on the pool outside a transaction, before it is sent (tests count queries). */
  onQuery?: (sql: string) => void;
}

/**
 * The registry's connection pool, with every driver failure that means "no database" turned into a TabulaError that
 * names host:port and never the URL (REGISTRY_UNAVAILABLE, 503). Other errors (constraint violations the caller
 * expects, SQL bugs) pass through unchanged.
 */
export class RegistryPool implements Queryable {
  private readonly pool: pg.Pool;

  constructor(
    readonly target: DatabaseTarget,
    private readonly options: RegistryPoolOptions = {},
  ) {
    this.pool = new pg.Pool({ connectionString: target.connectionString, max: options.max ?? 10, connectionTimeoutMillis: 10_000 });
    // An idle client whose server went away emits 'error' on the pool; unhandled, it would end the process.
    // The next query reports the outage instead.
    this.pool.on('error', () => undefined);
  }

  async query<R extends pg.QueryResultRow>(sql: string, values: unknown[] = []): Promise<pg.QueryResult<R>> {
    this.options.onQuery?.(sql);
    try {
      return await this.pool.query<R>(sql, values);
    } catch (error) {
      throw this.explain(error);
    }
  }

  /** Runs `task` in one transaction (READ COMMITTED); rolls back if it throws. */
  async transaction<T>(task: (client: Queryable) => Promise<T>): Promise<T> {
    const client = await this.connect();
    try {
      await client.query('BEGIN');
      const result = await task(client);
      await client.query('COMMIT');
      return result;
    } catch (error) {
      await client.query('ROLLBACK').catch(() => undefined);
      throw this.explain(error);
    } finally {
      client.release();
    }
  }

  /** A client of its own (for a session-level advisory lock); release it when done. */
  async connect(): Promise<pg.PoolClient> {
    try {
      return await this.pool.connect();
    } catch (error) {
      throw this.explain(error);
    }
  }

  end(): Promise<void> {
    return this.pool.end();
  }

  /** The TabulaError a driver error stands for, or the error itself. */
  explain(error: unknown): unknown {
    return explainDatabaseError(this.target, error);
  }
}

/**
 * The TabulaError a driver error on the registry database stands for (REGISTRY_UNAVAILABLE, naming host:port and
 * never the URL), or the error itself (a constraint violation the caller expects, an SQL bug). Every pool on that
 * database (the registry's, the trainer's job records) reads driver errors through this one function.
 */
export function explainDatabaseError(target: DatabaseTarget, error: unknown): unknown {
  if (isTabulaError(error)) return error;
  const code = typeof error === 'object' && error !== null && 'code' in error ? String(error.code) : '';
  if (AUTH_REFUSED.has(code)) return registryAuthRefused(target.hostPort, target.user, error);
  if (code === '3D000') return registryUnavailable(target.hostPort, 'the database named in DATABASE_URL does not exist', error);
  if (UNAVAILABLE_STATES.test(code) || UNAVAILABLE_ERRNOS.has(code)) return registryUnavailable(target.hostPort, code, error);
  // FATAL ends the session: the server refused this connection (a database not accepting connections, a
  // connection limit of a role), whatever the SQLSTATE.
  const severity = typeof error === 'object' && error !== null && 'severity' in error ? String(error.severity) : '';
  if (severity === 'FATAL' || severity === 'PANIC') return registryUnavailable(target.hostPort, `the server ended the connection, SQLSTATE ${code}`, error);
  const message = error instanceof Error ? error.message : '';
  // The driver's own words for a socket that closed or never opened carry no code.
  if (/Connection terminated|timeout expired|Client has encountered a connection error/i.test(message)) {
    return registryUnavailable(target.hostPort, 'the connection was closed or timed out', error);
  }
  return error;
}
