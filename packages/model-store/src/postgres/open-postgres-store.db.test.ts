import { readdir } from 'node:fs/promises';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from '@jest/globals';
import pg from 'pg';
import { openFileArtifacts } from '../artifacts/file-artifacts.js';
import type { ArtifactStore } from '../artifacts/artifact-store.js';
import { closedPort, makeDraft, makeFiles, makeTempDir } from '../test-fixtures.js';
import { startTestPostgres, type TestPostgres } from '../testing/postgres-server.js';
import { MIGRATIONS } from './run-migrations.js';
import { openPostgresStore, type PostgresModelStore } from './open-postgres-store.js';

let server: TestPostgres;
beforeAll(async () => {
  server = await startTestPostgres();
});
afterAll(() => server?.stop());

let databaseUrl: string;
let dir: string;
let artifacts: ArtifactStore;
let cleanup: () => Promise<void>;
const opened: PostgresModelStore[] = [];

beforeEach(async () => {
  databaseUrl = await server.createDatabase();
  ({ dir, cleanup } = await makeTempDir());
  artifacts = openFileArtifacts(dir);
});
afterEach(async () => {
  await Promise.all(opened.splice(0).map((store) => store.close()));
  await cleanup();
});

async function open(url = databaseUrl, files = artifacts): Promise<PostgresModelStore> {
  const store = await openPostgresStore({ databaseUrl: url, artifacts: files });
  opened.push(store);
  return store;
}

async function sql<R extends pg.QueryResultRow>(text: string, url = databaseUrl): Promise<R[]> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return (await client.query<R>(text)).rows;
  } finally {
    await client.end();
  }
}

/** Every artifact file under the folder, temp dir left out. */
async function storedArtifacts(): Promise<string[]> {
  const entries = await readdir(dir, { recursive: true, withFileTypes: true });
  return entries.filter((e) => e.isFile() && !e.parentPath.includes('.tmp#')).map((e) => e.name);
}

describe('openPostgresStore({ databaseUrl, artifacts })', () => {
  it('should apply each migration once when 5 replicas open an empty database at once', async () => {
    const stores = await Promise.all(Array.from({ length: 5 }, () => open()));
    expect(await sql('SELECT version, name FROM schema_migrations ORDER BY version')).toEqual(MIGRATIONS.map(({ version, name }) => ({ version, name })));
    const made = await Promise.all(stores.map((store) => store.createVersion(makeDraft('iris'), makeFiles())));
    expect(made.map((m) => m.version).sort()).toEqual([1, 2, 3, 4, 5]);
  });

  it('should number versions without gaps or duplicates across replicas writing at once', async () => {
    const [a, b] = [await open(), await open()];
    const made = await Promise.all(Array.from({ length: 20 }, (_, i) => (i % 2 === 0 ? a : b).createVersion(makeDraft('iris'), makeFiles())));
    expect(made.map((m) => m.version).sort((x, y) => x - y)).toEqual(Array.from({ length: 20 }, (_, i) => i + 1));
  });

  it('should write artifacts under fresh keys and delete them after their row', async () => {
    const store = await open();
    await store.createVersion(makeDraft('iris'), makeFiles());
    await store.createVersion(makeDraft('iris'), makeFiles());
    const keys = await sql<{ key: string }>('SELECT key FROM artifacts ORDER BY version, position');
    expect(keys.map((row) => row.key)).toEqual([
      expect.stringMatching(/^iris\/[0-9a-f-]{36}\/model\.json$/),
      expect.stringMatching(/^iris\/[0-9a-f-]{36}\/forest\.bin$/),
      expect.stringMatching(/^iris\/[0-9a-f-]{36}\/model\.json$/),
      expect.stringMatching(/^iris\/[0-9a-f-]{36}\/forest\.bin$/),
    ]);
    expect(new Set(keys.map((row) => row.key.split('/')[1])).size).toBe(2);
    await store.deleteVersion('iris', 1);
    expect((await storedArtifacts()).sort()).toEqual(['forest.bin', 'model.json']);
    expect(await sql('SELECT key FROM artifacts WHERE version = 1')).toEqual([]);
  });

  it('should delete the artifacts it wrote when the version row fails to commit, and not use up the number', async () => {
    const store = await open();
    await sql(`CREATE FUNCTION refuse() RETURNS trigger AS $$ BEGIN RAISE EXCEPTION 'refused by test'; END $$ LANGUAGE plpgsql;
      CREATE TRIGGER refuse BEFORE INSERT ON artifacts FOR EACH ROW EXECUTE FUNCTION refuse()`);
    await expect(store.createVersion(makeDraft('iris'), makeFiles())).rejects.toThrow('refused by test');
    expect(await storedArtifacts()).toEqual([]);
    expect(await sql('SELECT * FROM versions')).toEqual([]);
    await sql('DROP TRIGGER refuse ON artifacts');
    expect((await store.createVersion(makeDraft('iris'), makeFiles())).version).toBe(1);
  });

  it('should delete the artifacts already written when a later one fails to write', async () => {
    let puts = 0;
    const failing: ArtifactStore = { ...artifacts, put: async (key, bytes) => (++puts === 2 ? Promise.reject(new Error('disk full')) : artifacts.put(key, bytes)) };
    const store = await open(databaseUrl, failing);
    await expect(store.createVersion(makeDraft('iris'), makeFiles())).rejects.toThrow('disk full');
    expect(await storedArtifacts()).toEqual([]);
    await expect(store.listVersions('iris')).rejects.toMatchObject({ code: 'MODEL_NOT_FOUND' });
  });

  it('should give metadata back with its keys in the order they were written, as the folder store does', async () => {
    const store = await open();
    const created = await store.createVersion(makeDraft('ordered', { metrics: { roc_auc: 0.9, accuracy: 0.8, f1_macro: 0.7 } }), makeFiles());
    const read = await (await open()).readMetadata('ordered', created.version);
    expect(Object.keys(read)).toEqual(Object.keys(created));
    expect(Object.keys(read.metrics)).toEqual(['roc_auc', 'accuracy', 'f1_macro']);
  });

  it('should refuse a version under an alias in the database too, whatever the code does', async () => {
    const store = await open();
    await store.createVersion(makeDraft('iris'), makeFiles());
    await store.setAlias('iris', 'production', 1);
    await expect(sql("DELETE FROM versions WHERE model_name = 'iris'")).rejects.toMatchObject({ code: '23503' });
  });

  describe('when the database cannot be used', () => {
    it('should answer REGISTRY_UNAVAILABLE naming host:port when nothing listens there', async () => {
      const port = await closedPort();
      const url = `postgres://tabula:s3cret-pw@127.0.0.1:${port}/registry`;
      const error = await openPostgresStore({ databaseUrl: url, artifacts }).catch((e: unknown) => e);
      expect(error).toMatchObject({ code: 'REGISTRY_UNAVAILABLE', status: 503, message: `The model registry database at 127.0.0.1:${port} cannot be reached (ECONNREFUSED).` });
      expect(JSON.stringify(error)).not.toContain('s3cret-pw');
    });

    it('should answer REGISTRY_UNAVAILABLE naming the user, never the password, when the password is refused', async () => {
      const url = new URL(databaseUrl);
      url.password = 'wrong-password';
      const error = (await openPostgresStore({ databaseUrl: url.href, artifacts }).catch((e: unknown) => e)) as Error & { hint?: string };
      expect(error).toMatchObject({ code: 'REGISTRY_UNAVAILABLE', message: `The model registry database at 127.0.0.1:${server.port} refused the credentials of user "tabula".` });
      expect(`${error.message} ${error.hint}`).not.toContain('wrong-password');
    });

    it('should answer REGISTRY_UNAVAILABLE when the database does not exist', async () => {
      await expect(openPostgresStore({ databaseUrl: server.urlFor('no_such_db'), artifacts })).rejects.toMatchObject({
        code: 'REGISTRY_UNAVAILABLE',
        message: expect.stringContaining('does not exist'),
      });
    });

    it('should refuse a DATABASE_URL that is not a postgres URL, with its password masked', async () => {
      const error = (await openPostgresStore({ databaseUrl: 'mysql://root:hunter2@db:3306/x', artifacts }).catch((e: unknown) => e)) as Error;
      expect(error).toMatchObject({ code: 'INVALID_INPUT', message: expect.stringContaining('mysql://root:***@db:3306/x') });
      expect(error.message).not.toContain('hunter2');
    });

    it('should report not ready, with the reason, once the database goes away', async () => {
      const store = await open();
      expect(await store.checkReadable()).toEqual({ ok: true });
      // As an outage looks to the pool: its connections dropped, and new ones refused.
      const database = new URL(databaseUrl).pathname.slice(1);
      await sql(`ALTER DATABASE ${database} ALLOW_CONNECTIONS false`, server.urlFor('postgres'));
      await sql(`SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = '${database}'`, server.urlFor('postgres'));
      const check = await store.checkReadable();
      expect(check).toEqual({ ok: false, message: expect.stringContaining(`The model registry database at 127.0.0.1:${server.port}`) });
      await expect(store.listModels()).rejects.toMatchObject({ code: 'REGISTRY_UNAVAILABLE' });
    });
  });
});
