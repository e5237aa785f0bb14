import { parseDatabaseUrl, type DatabaseTarget } from '@tabula/contracts';
import { explainDatabaseError } from '@tabula/model-store';
import pg from 'pg';

/** One statement, on the pool or inside a transaction. */
export type Sql = <R extends pg.QueryResultRow = pg.QueryResultRow>(text: string, values?: unknown[]) => Promise<pg.QueryResult<R>>;


/**
 * The trainer's own small pool on the registry database (DATABASE_URL), for the job records and the pg-boss queue.
 * A lost or refused connection becomes REGISTRY_UNAVAILABLE (503, naming host:port, never the URL), so a client
 * polling GET /jobs while the database restarts reads a clear error, and the next call succeeds once it is back.
 */
export class JobDatabase {
  private readonly pool: pg.Pool;

  private readonly target: DatabaseTarget;

  constructor(databaseUrl: string) {
    this.target = parseDatabaseUrl(databaseUrl);
    // Few connections: job records are small single-row statements; pg-boss has its own pool.
    this.pool = new pg.Pool({ connectionString: this.target.connectionString, max: 4, connectionTimeoutMillis: 10_000 });
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

  /** REGISTRY_UNAVAILABLE for a database that is not there (model-store's one reading of driver errors). */
  private explain(error: unknown): unknown {
    return explainDatabaseError(this.target, error);
  }
}
