import { registryUnavailable } from '@tabula/contracts';
import pg from 'pg';

/** One statement, on the pool or inside a transaction. */
export type Sql = <R extends pg.QueryResultRow = pg.QueryResultRow>(text: string, values?: unknown[]) => Promise<pg.QueryResult<R>>;

// Class 08 (connection exception), 57P0x (shutting down or starting), 53300 (too many connections), socket errnos.
const UNAVAILABLE_STATES = /^(08...|57P0[1-3]|53300)$/;
const UNAVAILABLE_ERRNOS = new Set(['ECONNREFUSED', 'ECONNRESET', 'ENOTFOUND', 'EAI_AGAIN', 'ETIMEDOUT', 'EHOSTUNREACH', 'ENETUNREACH', 'EPIPE']);

/**
 * The trainer's own small pool on the registry database (DATABASE_URL), for the job records and the pg-boss queue.
 * A lost or refused connection becomes REGISTRY_UNAVAILABLE (503, naming host:port, never the URL), so a client
 * polling GET /jobs while the database restarts reads a clear error, and the next call succeeds once it is back.
 */
export class JobDatabase {
  private readonly pool: pg.Pool;

  constructor(
    connectionString: string,
    private readonly hostPort: string,
  ) {
    // Few connections: job records are small single-row statements; pg-boss has its own pool.
    this.pool = new pg.Pool({ connectionString, max: 4, connectionTimeoutMillis: 10_000 });
    // An idle client whose server went away emits 'error' on the pool; unhandled, it would end the process.
    this.pool.on('error', () => undefined);
  }

  readonly query: Sql = async (text, values = []) => {
    try {
      return await this.pool.query(text, values);
    } catch (error) {
      throw this.explain(error);
    }
  };

  /** Runs `task` in one transaction; rolls back if it throws. */
  async transaction<T>(task: (sql: Sql) => Promise<T>): Promise<T> {
    let client: pg.PoolClient;
    try {
      client = await this.pool.connect();
    } catch (error) {
      throw this.explain(error);
    }
    const sql: Sql = (text, values = []) => client.query(text, values);
    try {
      await sql('BEGIN');
      const result = await task(sql);
      await sql('COMMIT');
      return result;
    } catch (error) {
      await sql('ROLLBACK').catch(() => undefined);
      throw this.explain(error);
    } finally {
      client.release();
    }
  }

  end(): Promise<void> {
    return this.pool.end();
  }

  private explain(error: unknown): unknown {
    const code = typeof error === 'object' && error !== null && 'code' in error ? String(error.code) : '';
    const message = error instanceof Error ? error.message : '';
    if (UNAVAILABLE_STATES.test(code) || UNAVAILABLE_ERRNOS.has(code) || /Connection terminated|timeout expired/i.test(message)) {
      return registryUnavailable(this.hostPort, code || 'the connection was closed or timed out', error);
    }
    return error;
  }
}
