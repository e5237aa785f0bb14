import { join } from 'node:path';
import { setTimeout as delay } from 'node:timers/promises';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from '@jest/globals';
import { openFileArtifacts } from '../artifacts/file-artifacts.js';
import { makeDraft, makeFiles, makeTempDir } from '../test-fixtures.js';
import { startTestPostgres, type TestPostgres } from '../testing/postgres-server.js';
import { openPostgresStore, type PostgresModelStore } from './open-postgres-store.js';
import type { RegistryChange } from './registry-events.js';

// Two store handles on one database stand for two predictor replicas: what one writes, the other must see through
// LISTEN/NOTIFY, while answering repeated resolutions from its cache with no query at all.

// One server and one artifacts folder for the file; each test gets a database of its own, and its handles are
// closed after it.
let server: TestPostgres;
let files: { dir: string; cleanup: () => Promise<void> };
beforeAll(async () => {
  [server, files] = await Promise.all([startTestPostgres(), makeTempDir()]);
});
afterAll(async () => {
  await Promise.all([server?.stop(), files?.cleanup()]);
});

let databaseUrl: string;
const opened: PostgresModelStore[] = [];
beforeEach(async () => {
  databaseUrl = await server.createDatabase();
});
afterEach(() => Promise.all(opened.splice(0).map((store) => store.close())));

/** A store handle whose pool statements (outside transactions) are counted in `queries`. */
async function open(): Promise<PostgresModelStore & { queries: string[] }> {
  const queries: string[] = [];
  const artifacts = openFileArtifacts(join(files.dir, new URL(databaseUrl).pathname.slice(1)));
  const store = await openPostgresStore({ databaseUrl, artifacts, onQuery: (sql) => queries.push(sql) });
  opened.push(store);
  return Object.assign(store, { queries });
}

/** Polls `probe` until it returns true: every 5 ms, for at most 20 s (a generous bound for a busy machine). */
async function eventually(probe: () => Promise<boolean>): Promise<void> {
  const deadline = Date.now() + 20_000;
  while (!(await probe())) {
    if (Date.now() > deadline) throw new Error('the condition did not hold within 20 s');
    await delay(5);
  }
}

/** What a call ended with: its value, or its error's code. */
const settled = <T>(promise: Promise<T>): Promise<{ value?: T; code?: string }> =>
  promise.then((value) => ({ value }), (error: { code?: string }) => ({ code: error.code }));

describe('a PostgreSQL store handle with its resolution cache', () => {
  it('should see an alias moved on another handle, then answer from its cache with no query', async () => {
    const [a, b] = [await open(), await open()];
    const heard: RegistryChange[] = [];
    b.onRegistryChange((change) => heard.push(change));
    for (let i = 0; i < 2; i++) await a.createVersion(makeDraft('iris'), makeFiles());
    await a.setAlias('iris', 'production', 1);
    await eventually(async () => (await b.resolveVersion('iris')) === 1);

    await a.setAlias('iris', 'production', 2);
    await eventually(async () => (await b.resolveVersion('iris')) === 2);
    // B may read a write from the database before its notification arrives; a late one drops the cache again.
    // So every write's notification (2 versions, 2 alias moves) is waited for before the cache is judged.
    await eventually(async () => heard.length === 4);
    const askAll = async () => {
      expect(await b.resolveVersion('iris')).toBe(2);
      expect(await b.resolveVersion('iris', 'production')).toBe(2);
      expect(await b.hasVersion('iris', 2)).toBe(true);
    };
    // The first round may ask the database (the notification dropped the cache); the next 100 must not.
    await askAll();
    const afterFirst = b.queries.length;
    for (let i = 0; i < 100; i++) await askAll();
    expect(b.queries.length).toBe(afterFirst);
  });

  it('should see a version created and a version deleted on another handle', async () => {
    const [a, b] = [await open(), await open()];
    await a.createVersion(makeDraft('iris'), makeFiles());
    expect(await b.resolveVersion('iris', 'latest')).toBe(1);
    expect(await b.hasVersion('iris', 1)).toBe(true);

    await a.createVersion(makeDraft('iris'), makeFiles());
    await eventually(async () => (await b.resolveVersion('iris', 'latest')) === 2);

    await a.deleteVersion('iris', 2);
    await eventually(async () => !(await b.hasVersion('iris', 2)));
    expect(await b.resolveVersion('iris', 'latest')).toBe(1);
    await expect(b.resolveVersion('iris', 2)).rejects.toMatchObject({ code: 'VERSION_NOT_FOUND' });
    // A deleted version's artifacts are gone: reading it is a 404, not a corrupt model.
    await expect(b.readArtifacts('iris', 2)).rejects.toMatchObject({ code: 'VERSION_NOT_FOUND' });
  });

  it("should see its own writes at once, without waiting for its own notification", async () => {
    const store = await open();
    await store.createVersion(makeDraft('iris'), makeFiles());
    await store.createVersion(makeDraft('iris'), makeFiles());
    for (let version = 1; version <= 2; version++) {
      expect(await store.resolveVersion('iris')).toBe(version === 1 ? 2 : 1);
      await store.setAlias('iris', 'production', version);
      expect(await store.resolveVersion('iris')).toBe(version);
    }
    await store.deleteAlias('iris', 'production');
    expect(await store.resolveVersion('iris')).toBe(2);
    expect(await store.hasVersion('iris', 1)).toBe(true);
    await store.deleteVersion('iris', 1);
    expect(await store.hasVersion('iris', 1)).toBe(false);
  });

  it('should tell onRegistryChange listeners what each committed write changed, and nothing of a refused one', async () => {
    const [a, b] = [await open(), await open()];
    const heard: RegistryChange[] = [];
    b.onRegistryChange((change) => heard.push(change));
    await a.createVersion(makeDraft('iris'), makeFiles());
    await a.setAlias('iris', 'production', 1);
    await expect(a.setAlias('iris', 'staging', 7)).rejects.toMatchObject({ code: 'VERSION_NOT_FOUND' });
    await expect(a.deleteVersion('iris', 1)).rejects.toMatchObject({ code: 'CONFLICT' });
    await a.deleteAlias('iris', 'production');
    await a.deleteVersion('iris', 1);
    await eventually(async () => heard.length === 4);
    expect(heard).toEqual([
      { model_name: 'iris', change: 'version-created', version: 1, alias: null },
      { model_name: 'iris', change: 'alias-set', version: 1, alias: 'production' },
      { model_name: 'iris', change: 'alias-deleted', version: 1, alias: 'production' },
      { model_name: 'iris', change: 'version-deleted', version: 1, alias: null },
    ]);
  });

  // Last: it stops and restarts the file's server.
  it('should answer 503 REGISTRY_UNAVAILABLE while the database is down, and cache again by itself once it is back', async () => {
    const [a, b] = [await open(), await open()];
    await a.createVersion(makeDraft('iris'), makeFiles());
    expect(await b.resolveVersion('iris')).toBe(1);

    await server.stopServer();
    // B notices the lost LISTEN connection, drops its cache and asks the database, which is not there.
    await eventually(async () => (await settled(b.resolveVersion('iris'))).code === 'REGISTRY_UNAVAILABLE');
    await expect(b.hasVersion('iris', 1)).rejects.toMatchObject({ code: 'REGISTRY_UNAVAILABLE', message: expect.stringContaining(`127.0.0.1:${server.port}`) });

    await server.startServer();
    await eventually(async () => (await settled(b.resolveVersion('iris'))).value === 1);
    // B caches again once its LISTEN is back (until then every call queries), with no restart of the handle.
    await eventually(async () => {
      await b.resolveVersion('iris');
      const before = b.queries.length;
      await b.resolveVersion('iris');
      return b.queries.length === before;
    });
    // So a write after the restart reaches B's cache through a notification.
    await a.createVersion(makeDraft('iris'), makeFiles());
    await eventually(async () => (await b.resolveVersion('iris')) === 2);
    expect(await b.resolveVersion('iris')).toBe(2);
    const afterFirst = b.queries.length;
    for (let i = 0; i < 50; i++) expect(await b.resolveVersion('iris')).toBe(2);
    expect(b.queries.length).toBe(afterFirst);
  });
});
