import { mkdir, readdir, utimes, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from '@jest/globals';
import { DEFAULT_STALE_TEMP_AGE_MS } from './index.js';
import { makeDraft, makeFiles, useTempStore } from './test-fixtures.js';

const temp = useTempStore();

/** What a writer that crashed before its rename leaves: a temp dir with files in it. */
async function leaveCrashedTempDir(entry: string, ageMs: number): Promise<void> {
  const dir = join(temp.root, '.tmp', entry);
  await mkdir(dir, { recursive: true });
  await writeFile(join(dir, 'model.json'), '{"half":');
  const then = new Date(Date.now() - ageMs);
  await utimes(dir, then, then);
}

describe('ModelStore', () => {
  describe('.removeStaleTemp(maxAgeMs)', () => {
    it('should remove temp dirs older than the default age and keep recent ones', async () => {
      await leaveCrashedTempDir('iris-old', DEFAULT_STALE_TEMP_AGE_MS + 60_000);
      await leaveCrashedTempDir('iris-recent', 1_000);

      expect(await temp.store.removeStaleTemp()).toBe(1);
      expect(await readdir(join(temp.root, '.tmp'))).toEqual(['iris-recent']);
    });

    it('should remove every temp dir when maxAgeMs is 0, and never touch versions', async () => {
      await temp.store.createVersion(makeDraft('iris'), makeFiles());
      await leaveCrashedTempDir('iris-a', 0);
      await leaveCrashedTempDir('iris-b', 0);

      expect(await temp.store.removeStaleTemp(0)).toBe(2);
      expect(await readdir(join(temp.root, '.tmp'))).toEqual([]);
      expect(await temp.store.readArtifacts('iris', 1)).toEqual(makeFiles());
    });

    it('should not count a crashed temp dir as a model or a version', async () => {
      await leaveCrashedTempDir('iris-crashed', 0);

      expect(await temp.store.listModels()).toEqual([]);
      await expect(temp.store.resolveVersion('iris', 'latest')).rejects.toMatchObject({ code: 'MODEL_NOT_FOUND' });
    });

    it('should return 0 when no temp dir exists yet', async () => {
      expect(await temp.store.removeStaleTemp(0)).toBe(0);
    });

    it('should reject a negative or non-finite age', async () => {
      await expect(temp.store.removeStaleTemp(-1)).rejects.toMatchObject({ code: 'INVALID_INPUT' });
      await expect(temp.store.removeStaleTemp(Number.NaN)).rejects.toMatchObject({ code: 'INVALID_INPUT' });
    });
  });
});
