import { mkdir, readdir, rm, writeFile } from 'node:fs/promises';
import { isAbsolute, join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from '@jest/globals';
import { openModelStore, type ModelStore } from './index.js';
import { makeDraft, makeFiles, makeTempDir, listTempFiles } from './test-fixtures.js';

let parent: string;
let root: string;
let store: ModelStore;
let cleanup: () => Promise<void>;

beforeEach(async () => {
  ({ dir: parent, cleanup } = await makeTempDir());
  root = join(parent, 'volume', 'models');
  store = openModelStore(root);
});
afterEach(() => cleanup());

const regressor = (name: string) =>
  makeDraft(name, { model_type: 'RandomForestRegressor', task: 'regression', signature: { ...makeDraft(name).signature, class_labels: null } });

describe('openModelStore(root)', () => {
  it('should create a missing root, nested directories included, and expose it as an absolute path', async () => {
    expect(await readdir(root)).toEqual([]);
    expect(isAbsolute(store.root)).toBe(true);
    expect(store.root).toBe(root);
  });

  describe('.listModels()', () => {
    it('should return an empty list for an empty volume', async () => {
      expect(await store.listModels()).toEqual([]);
    });

    it('should summarise each model from its latest version, sorted by name', async () => {
      await store.createVersion(makeDraft('wine'), makeFiles());
      await store.createVersion(makeDraft('iris'), makeFiles());
      const latest = await store.createVersion(regressor('iris'), makeFiles());

      expect(await store.listModels()).toEqual([
        { model_name: 'iris', latest_version: 2, n_versions: 2, model_type: 'RandomForestRegressor', updated_at: latest.created_at },
        expect.objectContaining({ model_name: 'wine', latest_version: 1, n_versions: 1, model_type: 'RandomForestClassifier' }),
      ]);
    });

    it('should skip name directories without a complete version, stray files and the temp dir', async () => {
      await store.createVersion(makeDraft('iris'), makeFiles());
      await mkdir(join(root, 'empty'));
      await mkdir(join(root, 'scratch', 'notes'), { recursive: true });
      await writeFile(join(root, 'README'), 'hello');

      expect((await store.listModels()).map((m) => m.model_name)).toEqual(['iris']);
    });
  });

  describe('.listVersions(name)', () => {
    it('should return every version in ascending order without reading artifacts', async () => {
      for (let i = 0; i < 12; i += 1) await store.createVersion(makeDraft('iris'), makeFiles());
      await rm(join(root, 'iris', '5', 'forest.bin'));

      const versions = await store.listVersions('iris');
      expect(versions.map((m) => m.version)).toEqual(Array.from({ length: 12 }, (_, i) => i + 1));
      expect(versions[4].artifacts.map((a) => a.file)).toEqual(['model.json', 'forest.bin']);
    });

    it('should answer MODEL_NOT_FOUND for an unknown model or a name directory without versions', async () => {
      await mkdir(join(root, 'empty'));

      await expect(store.listVersions('nope')).rejects.toMatchObject({ code: 'MODEL_NOT_FOUND' });
      await expect(store.listVersions('empty')).rejects.toMatchObject({ code: 'MODEL_NOT_FOUND' });
    });
  });

  describe('.resolveVersion(name, ref)', () => {
    beforeEach(async () => {
      for (let i = 0; i < 3; i += 1) await store.createVersion(makeDraft('iris'), makeFiles());
    });

    it('should resolve "latest" and no ref to the highest version and a number to itself', async () => {
      expect(await store.resolveVersion('iris')).toBe(3);
      expect(await store.resolveVersion('iris', 'latest')).toBe(3);
      expect(await store.resolveVersion('iris', 2)).toBe(2);
    });

    it('should answer VERSION_NOT_FOUND, MODEL_NOT_FOUND or INVALID_INPUT as appropriate', async () => {
      await expect(store.resolveVersion('iris', 4)).rejects.toMatchObject({ code: 'VERSION_NOT_FOUND' });
      await expect(store.resolveVersion('wine', 'latest')).rejects.toMatchObject({ code: 'MODEL_NOT_FOUND' });
      await expect(store.resolveVersion('iris', 'newest!')).rejects.toMatchObject({
        code: 'INVALID_INPUT',
        message: expect.stringContaining('"newest!"'),
      });
    });
  });

  describe('.checkReadable() and .checkWritable()', () => {
    it('should report ok on a usable volume and leave no probe file behind', async () => {
      expect(await store.checkReadable()).toEqual({ ok: true });
      expect(await store.checkWritable()).toEqual({ ok: true });
      expect(await listTempFiles(root)).toEqual([]);
    });

    it('should report failure with the errno but not the path when the root is unusable', async () => {
      const blocked = join(parent, 'blocked');
      await writeFile(blocked, 'a file, not a directory');
      const broken = openModelStore(blocked);

      const [readable, writable] = [await broken.checkReadable(), await broken.checkWritable()];
      expect(readable).toEqual({ ok: false, message: 'The models directory is not readable (ENOTDIR).' });
      expect(writable).toEqual({ ok: false, message: expect.stringMatching(/^The models directory is not writable \(E[A-Z]+\)\.$/) });
    });
  });
});
