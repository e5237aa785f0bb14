import { hostname } from 'node:os';
import { mkdir, readdir, utimes, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from '@jest/globals';
import { FOREIGN_SCRATCH_AGE_MS, SCRATCH_OWNER, claimScratchDir } from './index.js';
import { makeDraft, makeFiles, useTempStore } from './test-fixtures.js';

const temp = useTempStore();
const host = hostname().replace(/[^A-Za-z0-9.-]/g, '_');
/** A pid no process has: Linux caps pids at 2^22. */
const DEAD_PID = 2 ** 22 + 1;

/** What a writer that crashed before its rename leaves: a dir with a half-written file in it. */
async function leaveEntry(root: string, entry: string, ageMs = 0): Promise<void> {
  const dir = join(root, entry);
  await mkdir(dir, { recursive: true });
  await writeFile(join(dir, 'model.json'), '{"half":');
  const then = new Date(Date.now() - ageMs);
  await utimes(dir, then, then);
}

const tempRoot = () => join(temp.root, '.tmp');

describe('ModelStore', () => {
  describe('.removeOrphanedTemp()', () => {
    it('should remove the dir of a dead process on this host at once, and keep a live one', async () => {
      await leaveEntry(tempRoot(), `tabula~${host}~${DEAD_PID}`);
      await leaveEntry(tempRoot(), `tabula~${host}~${process.ppid}`);

      expect(await temp.store.removeOrphanedTemp()).toBe(1);
      expect(await readdir(tempRoot())).toEqual([`tabula~${host}~${process.ppid}`]);
    });

    it("should remove this process's own dir: a restarted container has the same host and pid", async () => {
      await leaveEntry(tempRoot(), SCRATCH_OWNER);

      expect(await temp.store.removeOrphanedTemp()).toBe(1);
      expect(await readdir(tempRoot())).toEqual([]);
    });

    it('should remove entries of other hosts only once untouched for an hour, and never an entry it did not name', async () => {
      await leaveEntry(tempRoot(), 'tabula~other-host~1', FOREIGN_SCRATCH_AGE_MS + 60_000);
      await leaveEntry(tempRoot(), 'tabula~other-host~2', 1_000);
      await leaveEntry(tempRoot(), 'other-host~3', FOREIGN_SCRATCH_AGE_MS + 60_000);
      await leaveEntry(tempRoot(), 'iris-old', FOREIGN_SCRATCH_AGE_MS + 60_000);

      expect(await temp.store.removeOrphanedTemp()).toBe(1);
      expect((await readdir(tempRoot())).sort()).toEqual(['iris-old', 'other-host~3', 'tabula~other-host~2']);
    });

    it('should ask whether a pid runs, and never touch versions', async () => {
      await temp.store.createVersion(makeDraft('iris'), makeFiles());
      await leaveEntry(tempRoot(), `tabula~${host}~42`);
      const asked: number[] = [];

      const removed = await temp.store.removeOrphanedTemp({ isAlive: (pid) => (asked.push(pid), false) });

      // The other one is this process's own, written by createVersion.
      expect(removed).toBe(2);
      expect(asked).toEqual([42]);
      expect(await temp.store.readArtifacts('iris', 1)).toEqual(makeFiles());
    });

    it("should stage the store's writes in this process's own dir", async () => {
      await temp.store.setAlias('iris', 'production', (await temp.store.createVersion(makeDraft('iris'), makeFiles())).version);

      expect(await readdir(tempRoot())).toEqual([SCRATCH_OWNER]);
      expect(await temp.store.removeOrphanedTemp({ isAlive: () => true })).toBe(1);
    });

    it('should not count a crashed temp dir as a model or a version', async () => {
      await leaveEntry(tempRoot(), `tabula~${host}~${DEAD_PID}/iris-crashed`);

      expect(await temp.store.listModels()).toEqual([]);
      await expect(temp.store.resolveVersion('iris', 'latest')).rejects.toMatchObject({ code: 'MODEL_NOT_FOUND' });
    });

    it('should return 0 when no temp dir exists yet, and reject a negative or non-finite age', async () => {
      expect(await temp.store.removeOrphanedTemp()).toBe(0);
      await expect(temp.store.removeOrphanedTemp({ foreignMaxAgeMs: -1 })).rejects.toMatchObject({ code: 'INVALID_INPUT' });
      await expect(temp.store.removeOrphanedTemp({ foreignMaxAgeMs: Number.NaN })).rejects.toMatchObject({ code: 'INVALID_INPUT' });
    });
  });
});

describe('claimScratchDir(root)', () => {
  it("should sweep the root and create this process's own dir in it", async () => {
    const root = join(temp.root, 'uploads');
    await leaveEntry(root, `tabula~${host}~${DEAD_PID}`);

    const claimed = await claimScratchDir(root);

    expect(claimed).toEqual({ dir: join(root, SCRATCH_OWNER), removed: 1 });
    expect(await readdir(root)).toEqual([SCRATCH_OWNER]);
  });
});
