import { readdir } from 'node:fs/promises';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from '@jest/globals';
import type { ModelMetadata } from '@tabula/contracts';
import { openFileArtifacts } from '../artifacts/file-artifacts.js';
import { makeDraft, makeFiles, makeTempDir } from '../test-fixtures.js';
import { startTestPostgres, type TestPostgres } from '../testing/postgres-server.js';
import { checkDraft } from '../write-version.js';
import { openPostgresStore, type PostgresModelStore } from './open-postgres-store.js';

let server: TestPostgres;
beforeAll(async () => {
  server = await startTestPostgres();
});
afterAll(() => server?.stop());

let dir: string;
let cleanup: () => Promise<void>;
let store: PostgresModelStore;

beforeEach(async () => {
  ({ dir, cleanup } = await makeTempDir());
  store = await openPostgresStore({ databaseUrl: await server.createDatabase(), artifacts: openFileArtifacts(dir) });
});
afterEach(async () => {
  await store.close();
  await cleanup();
});

/** Metadata as another store recorded it: its own number and creation time. */
const recorded = (version: number, files = makeFiles()): ModelMetadata => ({
  ...checkDraft(makeDraft('iris'), files),
  version,
  created_at: '2025-06-01T12:00:00.000Z',
});

const storedFiles = async () => (await readdir(dir, { recursive: true, withFileTypes: true })).filter((e) => e.isFile() && !e.parentPath.includes('.tmp'));

describe('store.importVersion(metadata, files)', () => {
  it('should store the version under its own number and created_at, and allocate the next number after it', async () => {
    expect(await store.importVersion(recorded(7), makeFiles())).toBe('imported');
    expect(await store.readMetadata('iris', 7)).toEqual(recorded(7));
    expect(await store.readArtifacts('iris', 7)).toEqual(makeFiles());
    expect((await store.createVersion(makeDraft('iris'), makeFiles())).version).toBe(8);
  });

  it('should find the same version already there, writing no artifact', async () => {
    await store.importVersion(recorded(2), makeFiles());
    const files = (await storedFiles()).length;
    expect(await store.importVersion(recorded(2), makeFiles())).toBe('already-there');
    expect((await storedFiles()).length).toBe(files);
  });

  it('should refuse other content under a stored number with CONFLICT, leaving the stored version as it was', async () => {
    const ours = await store.createVersion(makeDraft('iris'), makeFiles());
    const other = { ...makeFiles(), 'model.json': new TextEncoder().encode('{"trees":[1]}') };
    await expect(store.importVersion(recorded(1, other), other)).rejects.toMatchObject({ code: 'CONFLICT', message: expect.stringContaining('other artifacts') });
    await expect(store.importVersion(recorded(1), makeFiles())).rejects.toMatchObject({ code: 'CONFLICT', message: expect.stringContaining('other metadata') });
    expect(await store.listVersions('iris')).toEqual([ours]);
  });

  it('should not reuse a number the store handed out before', async () => {
    await store.createVersion(makeDraft('iris'), makeFiles());
    await store.createVersion(makeDraft('iris'), makeFiles());
    await store.deleteVersion('iris', 1);
    expect(await store.importVersion(recorded(1), makeFiles())).toBe('number-retired');
    expect((await store.listVersions('iris')).map((v) => v.version)).toEqual([2]);
  });

  it('should refuse files that are not the ones the metadata records, storing nothing', async () => {
    const files = { ...makeFiles(), 'model.json': new TextEncoder().encode('{"trees":[2]}') };
    await expect(store.importVersion(recorded(1), files)).rejects.toMatchObject({ code: 'INVALID_INPUT', message: expect.stringContaining('"model.json"') });
    await expect(store.importVersion(recorded(1), { 'model.json': makeFiles()['model.json'] })).rejects.toMatchObject({ code: 'INVALID_INPUT' });
    expect(await store.listModels()).toEqual([]);
    expect(await storedFiles()).toEqual([]);
  });
});

describe('store.reserveVersionNumbers(name, nextVersion)', () => {
  it('should move the next number up, never down, even for a model with no version', async () => {
    await store.reserveVersionNumbers('iris', 5);
    await store.reserveVersionNumbers('iris', 3);
    expect((await store.createVersion(makeDraft('iris'), makeFiles())).version).toBe(5);
  });
});
