import { randomUUID } from 'node:crypto';
import { readdir } from 'node:fs/promises';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { openFileArtifacts } from '../artifacts/file-artifacts.js';
import { makeDraft, makeFiles, makeTempDir } from '../test-fixtures.js';
import { startTestPostgres, type TestPostgres } from '../testing/postgres-server.js';
import { openPostgresStore } from './open-postgres-store.js';

let server: TestPostgres;
beforeAll(async () => {
  server = await startTestPostgres();
});
afterAll(() => server?.stop());

/** Every artifact file under the folder, temp dir left out. */
async function countArtifacts(dir: string): Promise<number> {
  const entries = await readdir(dir, { recursive: true, withFileTypes: true });
  return entries.filter((e) => e.isFile() && !e.parentPath.includes('.tmp#')).length;
}

describe('createVersion(draft, files, arrays, { jobId })', () => {
  it('should store one version per job id: a retried job gets the version its earlier attempt committed', async () => {
    const databaseUrl = await server.createDatabase();
    const { dir, cleanup } = await makeTempDir();
    const store = await openPostgresStore({ databaseUrl, artifacts: openFileArtifacts(dir) });
    const jobId = randomUUID();
    const first = await store.createVersion(makeDraft('iris'), makeFiles(), undefined, { jobId });
    const artifactsAfterFirst = await countArtifacts(dir);
    const retried = await store.createVersion(makeDraft('iris'), makeFiles(), undefined, { jobId });
    expect(retried).toEqual(first);
    expect((await store.listVersions('iris')).map((metadata) => metadata.version)).toEqual([1]);
    expect(await countArtifacts(dir)).toBe(artifactsAfterFirst);
    // Another job, or none, is a new version as before.
    expect((await store.createVersion(makeDraft('iris'), makeFiles(), undefined, { jobId: randomUUID() })).version).toBe(2);
    expect((await store.createVersion(makeDraft('iris'), makeFiles())).version).toBe(3);
    await store.close();
    await cleanup();
  });

  it('should let one of two racing attempts of a job commit, and give the other the same version, its bytes removed', async () => {
    const databaseUrl = await server.createDatabase();
    const { dir, cleanup } = await makeTempDir();
    const stores = await Promise.all([0, 1].map(() => openPostgresStore({ databaseUrl, artifacts: openFileArtifacts(dir) })));
    const jobId = randomUUID();
    const made = await Promise.all(stores.map((store) => store.createVersion(makeDraft('iris'), makeFiles(), undefined, { jobId })));
    expect(made[0]).toEqual(made[1]);
    expect((await stores[0].listVersions('iris')).map((metadata) => metadata.version)).toEqual([made[0].version]);
    expect(await countArtifacts(dir)).toBe(Object.keys(makeFiles()).length);
    await Promise.all(stores.map((store) => store.close()));
    await cleanup();
  });
});
