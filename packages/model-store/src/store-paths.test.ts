import { mkdir, readdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from '@jest/globals';
import { openModelStore, type ModelStore } from './index.js';
import { StorePaths } from './store-paths.js';
import { makeDraft, makeFiles, makeTempDir } from './test-fixtures.js';

let parent: string;
let root: string;
let store: ModelStore;
let cleanup: () => Promise<void>;

// The root sits beside a "secret" model directory that a traversal would reach.
beforeEach(async () => {
  ({ dir: parent, cleanup } = await makeTempDir());
  root = join(parent, 'models');
  await mkdir(join(parent, 'secret', '1'), { recursive: true });
  await writeFile(join(parent, 'secret', '1', 'metadata.json'), '{}');
  store = openModelStore(root);
});
afterEach(() => cleanup());

const BAD_NAMES = ['../secret', '..', '.', 'a/b', 'a\\b', '/etc', '.hidden', '.tmp', '', ' ', 'x'.repeat(65), 'na\u0000me'];
const BAD_VERSIONS = [0, -1, 1.5, Number.NaN, Number.POSITIVE_INFINITY, '../1' as unknown as number];

describe('ModelStore path safety', () => {
  it.each(BAD_NAMES)('should reject the model name %j with INVALID_INPUT in every method', async (name) => {
    const calls = [
      () => store.createVersion(makeDraft(name), makeFiles()),
      () => store.listVersions(name),
      () => store.resolveVersion(name, 'latest'),
      () => store.readMetadata(name, 1),
      () => store.readArtifacts(name, 1),
      () => store.exportVersion(name, 1),
      () => store.readAliases(name),
      () => store.setAlias(name, 'production', 1),
      () => store.deleteAlias(name, 'production'),
      () => store.deleteVersion(name, 1),
    ];
    for (const call of calls) {
      await expect(call()).rejects.toMatchObject({
        code: 'INVALID_INPUT',
        message: expect.stringContaining(`Model name ${JSON.stringify(name)} is not valid`),
        details: [expect.objectContaining({ path: 'model_name' })],
      });
    }
    expect((await readdir(parent)).sort()).toEqual(['models', 'secret']);
    expect(await readdir(root)).toEqual([]);
    expect(await readdir(join(parent, 'secret'))).toEqual(['1']);
  });

  it.each(BAD_VERSIONS)('should reject the version %p with INVALID_INPUT', async (version) => {
    await store.createVersion(makeDraft('iris'), makeFiles());

    await expect(store.readMetadata('iris', version)).rejects.toMatchObject({ code: 'INVALID_INPUT' });
    await expect(store.readArtifacts('iris', version)).rejects.toMatchObject({ code: 'INVALID_INPUT' });
    await expect(store.resolveVersion('iris', version)).rejects.toMatchObject({ code: 'INVALID_INPUT' });
    await expect(store.deleteVersion('iris', version)).rejects.toMatchObject({ code: 'INVALID_INPUT' });
    await expect(store.setAlias('iris', 'production', version)).rejects.toMatchObject({ code: 'INVALID_INPUT' });
  });

  it('should never list a directory whose name is not a valid model name', async () => {
    await store.createVersion(makeDraft('iris'), makeFiles());
    await mkdir(join(root, 'bad name', '1'), { recursive: true });

    expect((await store.listModels()).map((m) => m.model_name)).toEqual(['iris']);
  });
});

describe('StorePaths', () => {
  const paths = new StorePaths('/srv/models/../models');

  it('should resolve the root to an absolute path and keep the temp dir inside it', () => {
    expect(paths.root).toBe('/srv/models');
    expect(paths.tempRoot).toBe('/srv/models/.tmp');
  });

  it('should place versions and artifacts under <root>/<name>/<version>', () => {
    expect(paths.versionDir('iris', 3)).toBe('/srv/models/iris/3');
    expect(paths.artifactPath('iris', 3, 'model.json')).toBe('/srv/models/iris/3/model.json');
  });

  it.each(['../x', 'a/b', '.hidden', 'metadata.json', ''])('should refuse the artifact file name %j', (file) => {
    expect(() => paths.artifactPath('iris', 1, file)).toThrow(expect.objectContaining({ code: 'INVALID_INPUT' }));
  });
});
