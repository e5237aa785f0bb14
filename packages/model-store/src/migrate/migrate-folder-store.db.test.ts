import { readdir } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from '@jest/globals';
import { isTabulaError } from '@tabula/contracts';
import { openFileArtifacts } from '../artifacts/file-artifacts.js';
import type { ModelStore } from '../open-model-store.js';
import { openPostgresStore, type PostgresModelStore } from '../postgres/open-postgres-store.js';
import { makeDraft, makeFiles, makeTempDir } from '../test-fixtures.js';
import { startTestPostgres, type TestPostgres } from '../testing/postgres-server.js';
import { openFolderSource } from './folder-source.js';
import { exitCodeOf, migrateFolderStore, type MigrationSummary } from './migrate-folder-store.js';
import { FOLDER_CONTENT, corruptArtifact, makeFolderStore, plainMetadata } from './migration-fixtures.js';

let server: TestPostgres;
beforeAll(async () => {
  server = await startTestPostgres();
});
afterAll(() => server?.stop());

let dir: string;
let cleanup: () => Promise<void>;
let folder: ModelStore;
let cluster: PostgresModelStore;

beforeEach(async () => {
  ({ dir, cleanup } = await makeTempDir());
  folder = await makeFolderStore(join(dir, 'models'));
  cluster = await openPostgresStore({ databaseUrl: await server.createDatabase(), artifacts: openFileArtifacts(join(dir, 'artifacts')) });
});
afterEach(async () => {
  await cluster.close();
  await cleanup();
});

const migrate = async (): Promise<MigrationSummary> => migrateFolderStore({ source: await openFolderSource(folder.root), target: cluster });
const total = (summary: MigrationSummary, pick: (tally: MigrationSummary['models'][number]) => number) => summary.models.reduce((sum, t) => sum + pick(t), 0);

/** Every version, alias and report of both stores, in one comparable shape. */
async function contentOf(store: ModelStore) {
  const content: Record<string, unknown> = {};
  for (const name of Object.keys(FOLDER_CONTENT)) {
    const versions = await store.listVersions(name);
    const files = await Promise.all(versions.map((v) => store.readArtifacts(name, v.version)));
    const reports = await Promise.all(versions.map((v) => store.readMonitoringReports(name, v.version, 'performance', 100)));
    content[name] = { versions: plainMetadata(versions), files, aliases: { ...(await store.readAliases(name)) }, reports };
  }
  return content;
}

describe('migrateFolderStore({ source, target })', () => {
  it('should copy every version with its number, metadata and bytes, every alias and every report', async () => {
    const summary = await migrate();
    expect(exitCodeOf(summary)).toBe(0);
    expect(summary.models.map((t) => [t.name, t.copied])).toEqual([['churn', [1, 2]], ['iris', [1, 3]]]);
    expect(total(summary, (t) => t.aliasesSet)).toBe(3);
    expect(total(summary, (t) => t.reportsCopied)).toBe(4);
    expect(summary.verified).toBe(4);
    expect(await contentOf(cluster)).toEqual(await contentOf(folder));
    expect((await cluster.readMetadata('churn', 1)).status).toBe('rejected');
    expect((await cluster.readMonitoringReports('iris', 3, 'performance', 100)).map((r) => r.created_at)).toEqual(
      (await folder.readMonitoringReports('iris', 3, 'performance', 100)).map((r) => r.created_at),
    );
  });

  it('should give the next version created in the cluster a number after every migrated or deleted one', async () => {
    await migrate();
    expect((await cluster.createVersion(makeDraft('iris'), makeFiles())).version).toBe(5);
    expect((await cluster.createVersion(makeDraft('churn'), makeFiles())).version).toBe(3);
  });

  it('should copy nothing and change nothing when run again', async () => {
    await migrate();
    const before = await contentOf(cluster);
    const keys = await readdir(join(dir, 'artifacts'), { recursive: true });
    const again = await migrate();
    expect(exitCodeOf(again)).toBe(0);
    expect(again.models.map((t) => [t.name, t.copied, t.alreadyThere])).toEqual([['churn', [], [1, 2]], ['iris', [], [1, 3]]]);
    expect([total(again, (t) => t.aliasesAlreadySet), total(again, (t) => t.reportsAlreadyThere), total(again, (t) => t.reportsCopied)]).toEqual([3, 4, 0]);
    expect(again.verified).toBe(4);
    expect(await contentOf(cluster)).toEqual(before);
    expect(await readdir(join(dir, 'artifacts'), { recursive: true })).toEqual(keys);
  });

  it('should report a corrupt version and skip it, copy the rest, and keep its number from reuse', async () => {
    await corruptArtifact(folder.root, 'iris', 3);
    const summary = await migrate();
    expect(exitCodeOf(summary)).toBe(1);
    const iris = summary.models.find((t) => t.name === 'iris');
    expect(iris?.copied).toEqual([1]);
    expect(iris?.corrupt).toEqual([{ version: 3, message: expect.stringContaining('does not match its recorded sha256') }]);
    expect(summary.problems).toEqual([
      expect.stringMatching(/^iris@3 skipped as corrupt: /),
      'iris: alias "production" not set: its version 3 was not copied',
    ]);
    expect({ ...(await cluster.readAliases('iris')) }).toEqual({ staging: 1 });
    expect((await cluster.listVersions('iris')).map((v) => v.version)).toEqual([1]);
    expect((await cluster.createVersion(makeDraft('iris'), makeFiles())).version).toBe(5);
  });

  it('should stop on a version that differs in the cluster, naming it, with nothing of it copied', async () => {
    const theirs = await cluster.createVersion(makeDraft('iris'), makeFiles());
    const error = await migrate().then(
      () => undefined,
      (caught: unknown) => caught,
    );
    expect(isTabulaError(error) && [error.code, error.message]).toEqual(['CONFLICT', expect.stringContaining('Version 1 of model "iris" is already in the cluster with other artifacts')]);
    expect(await cluster.listVersions('iris')).toEqual([theirs]);
    expect(await cluster.readArtifacts('iris', 1)).toEqual(makeFiles());
  });

  it("should keep an alias the cluster moved since the last run, and say so", async () => {
    await migrate();
    await cluster.setAlias('iris', 'production', 1);
    const again = await migrate();
    expect(exitCodeOf(again)).toBe(0);
    expect(again.models.find((t) => t.name === 'iris')?.aliasesKept).toEqual(['production']);
    expect(again.models.flatMap((t) => t.notes)).toEqual([expect.stringContaining('alias "production" kept at version 1 in the cluster (the folder has 3)')]);
    expect((await cluster.readAliases('iris')).production).toBe(1);
  });

  it('should not bring back a migrated version that was deleted in the cluster', async () => {
    await migrate();
    await cluster.deleteAlias('iris', 'staging');
    await cluster.deleteVersion('iris', 1);
    const again = await migrate();
    expect(again.models.find((t) => t.name === 'iris')?.numberRetired).toEqual([1]);
    expect((await cluster.listVersions('iris')).map((v) => v.version)).toEqual([3]);
    expect(again.models.flatMap((t) => t.notes)).toEqual([
      expect.stringContaining('iris@1 not copied: the cluster handed out number 1 before'),
      'iris: alias "staging" not set: its version 1 was deleted in the cluster',
    ]);
    expect(exitCodeOf(again)).toBe(0);
  });

  it('should only read and verify the folder in a dry run', async () => {
    const summary = await migrateFolderStore({ source: await openFolderSource(folder.root) });
    expect(summary.models.map((t) => [t.name, t.copied])).toEqual([['churn', [1, 2]], ['iris', [1, 3]]]);
    expect(summary.verified).toBe(0);
    expect(await cluster.listModels()).toEqual([]);
  });
});
