import { sql as registryTables } from './migrations/0001-registry-tables.js';
import { sql as trainingJobs } from './migrations/0003-training-jobs.js';
import type { RegistryPool } from './registry-pool.js';

/** Every migration, in order; a number is never reused or edited once released (add 0002, 0003, …). */
export const MIGRATIONS: readonly { version: number; name: string; sql: string }[] = [
  { version: 1, name: 'registry-tables', sql: registryTables },
  { version: 3, name: 'training-jobs', sql: trainingJobs },
];

// Any fixed bigint, the same in every replica: pg_advisory_lock serialises their start-ups on it.
const MIGRATION_LOCK_KEY = 0x7461_6275_6c61; // "tabula"

/**
 * Applies the migrations this database lacks, each in its own transaction with its row in schema_migrations. Several
 * replicas starting at once queue on a session advisory lock, so exactly one applies each migration and the others
 * find it recorded. The lock is a session lock on one client, released (or dropped with the connection) at the end.
 * Returns the versions it applied.
 */
export async function runMigrations(pool: RegistryPool): Promise<number[]> {
  const client = await pool.connect();
  const applied: number[] = [];
  let isBroken = false;
  try {
    await client.query('SELECT pg_advisory_lock($1)', [MIGRATION_LOCK_KEY]);
    await client.query(`CREATE TABLE IF NOT EXISTS schema_migrations (
      version integer PRIMARY KEY, name text NOT NULL, applied_at timestamptz NOT NULL DEFAULT now())`);
    const done = new Set((await client.query<{ version: number }>('SELECT version FROM schema_migrations')).rows.map((row) => row.version));
    for (const migration of MIGRATIONS) {
      if (done.has(migration.version)) continue;
      await client.query('BEGIN');
      try {
        await client.query(migration.sql);
        await client.query('INSERT INTO schema_migrations (version, name) VALUES ($1, $2)', [migration.version, migration.name]);
        await client.query('COMMIT');
      } catch (error) {
        await client.query('ROLLBACK').catch(() => undefined);
        throw error;
      }
      applied.push(migration.version);
    }
    await client.query('SELECT pg_advisory_unlock($1)', [MIGRATION_LOCK_KEY]);
    return applied;
  } catch (error) {
    // Destroyed rather than returned to the pool: it may still hold the advisory lock.
    isBroken = true;
    throw pool.explain(error);
  } finally {
    client.release(isBroken);
  }
}
