import { cp, mkdir, readFile, readdir, rename, symlink, utimes, writeFile } from 'node:fs/promises';
import { hostname } from 'node:os';
import { join, relative } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from '@jest/globals';
import type { PerformanceReport, TabulaError } from '@tabula/contracts';
import { FOREIGN_SCRATCH_AGE_MS, SCRATCH_OWNER, claimScratchDir, openModelStore, type ModelStore } from './index.js';
import { makeDraft, makeFiles, makeTempDir } from './test-fixtures.js';

// A symbolic link inside MODELS_DIR must never make the store read, write or delete outside it:
// each test plants a link to a directory (or file) outside the root and checks that the store
// refuses, and that what lies outside is byte for byte as it was.

let root: string;
let outside: string;
let store: ModelStore;
let corrupt: TabulaError[];
const cleanups: Array<() => Promise<void>> = [];

beforeEach(async () => {
  const made = await makeTempDir();
  const away = await makeTempDir();
  cleanups.push(made.cleanup, away.cleanup);
  root = made.dir;
  outside = away.dir;
  corrupt = [];
  store = openModelStore(root, { onCorrupt: (error) => corrupt.push(error) });
  await store.createVersion(makeDraft('iris'), makeFiles());
  await store.createVersion(makeDraft('iris'), makeFiles());
});
afterEach(async () => {
  await Promise.all(cleanups.splice(0).map((cleanup) => cleanup()));
});

/** Every file under a dir with its contents, and every dir: a snapshot to compare before and after. */
async function snapshot(dir: string): Promise<Record<string, string>> {
  const entries = await readdir(dir, { recursive: true, withFileTypes: true });
  const files: Record<string, string> = {};
  for (const entry of entries) {
    const path = join(entry.parentPath, entry.name);
    files[relative(dir, path)] = entry.isFile() ? await readFile(path, 'utf8') : `<${entry.isDirectory() ? 'dir' : 'other'}>`;
  }
  return files;
}

/** Moves a store entry outside the root and leaves a link to it in its place. */
async function replaceWithLink(entry: string, target = join(outside, entry.replaceAll('/', '_'))): Promise<string> {
  await rename(join(root, entry), target);
  await symlink(target, join(root, entry));
  return target;
}

const refused = { code: expect.stringMatching(/^(MODEL_CORRUPT|INTERNAL)$/), message: expect.stringMatching(/symbolic link/) };

describe('ModelStore with symbolic links inside MODELS_DIR', () => {
  describe('a version directory that is a link to a directory outside', () => {
    beforeEach(async () => {
      await replaceWithLink('iris/2');
    });

    it('should refuse to delete it and leave the outside directory intact', async () => {
      const before = await snapshot(outside);
      await expect(store.deleteVersion('iris', 2)).rejects.toMatchObject(refused);
      expect(await snapshot(outside)).toEqual(before);
    });

    it('should not read the version through the link, and list only the real ones', async () => {
      await expect(store.readMetadata('iris', 2)).rejects.toMatchObject(refused);
      await expect(store.readArtifacts('iris', 2)).rejects.toMatchObject(refused);
      expect((await store.listVersions('iris')).map((m) => m.version)).toEqual([1]);
      expect(corrupt.map((e) => e.message)).toEqual([expect.stringMatching(/symbolic link/)]);
      // A new version never takes the number of the link.
      expect((await store.createVersion(makeDraft('iris'), makeFiles())).version).toBe(3);
    });
  });

  describe('a model directory that is a link to a directory outside', () => {
    beforeEach(async () => {
      // What lies outside looks like a model, with a version 1 of its own.
      await mkdir(join(outside, 'evil'));
      await cp(join(root, 'iris', '1'), join(outside, 'evil', '1'), { recursive: true });
      await symlink(join(outside, 'evil'), join(root, 'evil'));
    });

    it('should refuse to delete a version through it, leaving the directory outside intact', async () => {
      const before = await snapshot(outside);
      await expect(store.deleteVersion('evil', 1)).rejects.toMatchObject(refused);
      expect(await snapshot(outside)).toEqual(before);
    });

    it('should refuse to store a new version through it, writing nothing outside', async () => {
      const before = await snapshot(outside);
      await expect(store.createVersion(makeDraft('evil'), makeFiles())).rejects.toMatchObject(refused);
      expect(await snapshot(outside)).toEqual(before);
    });

    it('should refuse aliases, resolutions and reads through it, and leave it out of the listing', async () => {
      const before = await snapshot(outside);
      await expect(store.setAlias('evil', 'production', 1)).rejects.toMatchObject(refused);
      await expect(store.resolveVersion('evil')).rejects.toMatchObject(refused);
      await expect(store.readMetadata('evil', 1)).rejects.toMatchObject(refused);
      await expect(store.listVersions('evil')).rejects.toMatchObject(refused);
      expect((await store.listModels()).map((m) => m.model_name)).toEqual(['iris']);
      expect(await snapshot(outside)).toEqual(before);
    });
  });

  it('should not write a deletion marker through a link planted in its place', async () => {
    const victim = join(outside, 'victim.txt');
    await writeFile(victim, 'keep me');
    await symlink(victim, join(root, 'iris', '2.deleted'));
    await expect(store.deleteVersion('iris', 2)).rejects.toMatchObject(refused);
    expect(await readFile(victim, 'utf8')).toBe('keep me');
  });

  it('should not read aliases.json through a link', async () => {
    const aliases = join(outside, 'aliases.json');
    await writeFile(aliases, JSON.stringify({ format_version: 1, aliases: { production: 1 } }));
    await symlink(aliases, join(root, 'iris', 'aliases.json'));
    await expect(store.readAliases('iris')).rejects.toMatchObject(refused);
    await expect(store.resolveVersion('iris')).rejects.toMatchObject(refused);
  });

  it.each(['iris/monitoring', 'iris/monitoring/performance'])('should not write or prune monitoring reports through %s as a link', async (entry) => {
    await mkdir(join(root, entry), { recursive: true });
    await replaceWithLink(entry);
    // A file that looks like an old report of version 1: pruning must not reach it.
    const stale = `v1-${'0'.repeat(15)}-${'0'.repeat(8)}-0000-0000-0000-${'0'.repeat(12)}.json`;
    const target = join(outside, entry.replaceAll('/', '_'), entry.endsWith('performance') ? '' : 'performance');
    await mkdir(target, { recursive: true });
    await writeFile(join(target, stale), '{}');
    const before = await snapshot(outside);
    await expect(store.writeMonitoringReport(report())).rejects.toMatchObject(refused);
    await expect(store.readMonitoringReports('iris', 1, 'performance', 10)).rejects.toMatchObject(refused);
    expect(await snapshot(outside)).toEqual(before);
  });

  describe('the temp dir', () => {
    const host = hostname().replace(/[^A-Za-z0-9.-]/g, '_');
    const DEAD_PID = 2 ** 22 + 1;

    it('should refuse to sweep .tmp when it is a link, deleting nothing outside', async () => {
      // A dead writer's dir and an old foreign entry: both would be swept in a real .tmp.
      const target = await replaceWithLink('.tmp');
      await mkdir(join(target, `tabula~${host}~${DEAD_PID}`), { recursive: true });
      await mkdir(join(target, 'old'), { recursive: true });
      const then = new Date(Date.now() - FOREIGN_SCRATCH_AGE_MS - 60_000);
      await utimes(join(target, 'old'), then, then);
      const before = await snapshot(outside);

      await expect(store.removeOrphanedTemp()).rejects.toMatchObject(refused);
      await expect(store.createVersion(makeDraft('iris'), makeFiles())).rejects.toMatchObject(refused);
      expect(await snapshot(outside)).toEqual(before);
    });

    it("should refuse to stage writes in this process's scratch dir when it is a link", async () => {
      await replaceWithLink(`.tmp/${SCRATCH_OWNER}`);
      const before = await snapshot(outside);
      await expect(store.createVersion(makeDraft('iris'), makeFiles())).rejects.toMatchObject(refused);
      await expect(store.setAlias('iris', 'production', 1)).rejects.toMatchObject(refused);
      expect(await snapshot(outside)).toEqual(before);
    });
  });
});

describe('claimScratchDir(root) over a shared directory', () => {
  const host = hostname().replace(/[^A-Za-z0-9.-]/g, '_');
  const DEAD_PID = 2 ** 22 + 1;
  const longAgo = new Date(Date.now() - FOREIGN_SCRATCH_AGE_MS - 60_000);

  it('should remove only the entries it names itself, never a foreign file however old', async () => {
    const shared = join(root, 'shared-tmp');
    await mkdir(join(shared, 'someone-elses-dir'), { recursive: true });
    await writeFile(join(shared, 'notes.txt'), 'not ours');
    await writeFile(join(shared, `${host}~${DEAD_PID}`), 'not ours either: no prefix');
    await mkdir(join(shared, `tabula~${host}~${DEAD_PID}`));
    for (const entry of ['someone-elses-dir', 'notes.txt', `${host}~${DEAD_PID}`]) await utimes(join(shared, entry), longAgo, longAgo);

    const claimed = await claimScratchDir(shared);

    expect(claimed.removed).toBe(1);
    expect((await readdir(shared)).sort()).toEqual([`${host}~${DEAD_PID}`, 'notes.txt', 'someone-elses-dir', SCRATCH_OWNER].sort());
  });

  it("should remove a dead owner's entry that is a link without following it", async () => {
    const shared = join(root, 'shared-tmp');
    await mkdir(shared);
    await writeFile(join(outside, 'precious.txt'), 'keep me');
    await symlink(outside, join(shared, `tabula~${host}~${DEAD_PID}`));

    expect((await claimScratchDir(shared)).removed).toBe(1);
    expect(await readFile(join(outside, 'precious.txt'), 'utf8')).toBe('keep me');
  });

  it("should refuse a link in place of this process's own dir", async () => {
    const shared = join(root, 'shared-tmp');
    await mkdir(shared);
    // Planted after the sweep would remove it: claim twice, the second time over a link.
    await claimScratchDir(shared);
    await rename(join(shared, SCRATCH_OWNER), join(outside, 'mine'));
    await symlink(join(outside, 'mine'), join(shared, SCRATCH_OWNER));
    const claimed = await claimScratchDir(shared);
    // The sweep removed the link (this process's own name) and made a real dir.
    expect(claimed.dir).toBe(join(shared, SCRATCH_OWNER));
    expect((await readdir(shared, { withFileTypes: true })).map((e) => [e.name, e.isDirectory()])).toEqual([[SCRATCH_OWNER, true]]);
  });
});

function report(): PerformanceReport {
  return {
    kind: 'performance',
    model_name: 'iris',
    model_version: 1,
    created_at: new Date(Date.UTC(2026, 0, 1)).toISOString(),
    n_rows: 30,
    target_column: 'variety',
    metrics: { accuracy: 0.8 },
    training_metrics: { accuracy: 0.9 },
    delta: { accuracy: -0.1 },
  };
}
