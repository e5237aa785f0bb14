import { beforeEach, describe, expect, it } from '@jest/globals';
import { makeDraft, makeFiles, useTempStore, listTempFiles } from './test-fixtures.js';

const temp = useTempStore();

beforeEach(async () => {
  for (let i = 0; i < 3; i += 1) await temp.store.createVersion(makeDraft('iris'), makeFiles());
});

describe('ModelStore.deleteVersion(name, version)', () => {
  it('should remove the version directory and leave nothing in the temp dir', async () => {
    await temp.store.deleteVersion('iris', 2);
    expect((await temp.store.listVersions('iris')).map((m) => m.version)).toEqual([1, 3]);
    await expect(temp.store.readMetadata('iris', 2)).rejects.toMatchObject({ code: 'VERSION_NOT_FOUND' });
    await expect(temp.store.resolveVersion('iris', 2)).rejects.toMatchObject({ code: 'VERSION_NOT_FOUND' });
    expect(await listTempFiles(temp.root)).toEqual([]);
  });

  it('should never give a deleted number to a new version', async () => {
    await temp.store.deleteVersion('iris', 3);
    expect((await temp.store.createVersion(makeDraft('iris'), makeFiles())).version).toBe(4);
    expect((await temp.store.listVersions('iris')).map((m) => m.version)).toEqual([1, 2, 4]);
  });

  it('should refuse with CONFLICT, naming them, while aliases point to the version', async () => {
    await temp.store.setAlias('iris', 'production', 2);
    await temp.store.setAlias('iris', 'champion', 2);
    await temp.store.setAlias('iris', 'staging', 3);
    await expect(temp.store.deleteVersion('iris', 2)).rejects.toMatchObject({
      code: 'CONFLICT',
      message: 'Version 2 of model "iris" cannot be deleted while the aliases "champion", "production" point to it.',
    });
    expect((await temp.store.listVersions('iris')).map((m) => m.version)).toEqual([1, 2, 3]);

    await temp.store.setAlias('iris', 'production', 1);
    await temp.store.deleteAlias('iris', 'champion');
    await temp.store.deleteVersion('iris', 2);
    expect(await temp.store.readAliases('iris')).toEqual({ production: 1, staging: 3 });
  });

  it('should not let an alias be set on a version being deleted', async () => {
    const [deleted, aliased] = await Promise.allSettled([temp.store.deleteVersion('iris', 1), temp.store.setAlias('iris', 'production', 1)]);
    expect(deleted.status).toBe('fulfilled');
    expect(aliased).toMatchObject({ status: 'rejected', reason: { code: 'VERSION_NOT_FOUND' } });
    expect(await temp.store.readAliases('iris')).toEqual({});
  });

  it('should answer VERSION_NOT_FOUND or MODEL_NOT_FOUND for what does not exist', async () => {
    await temp.store.deleteVersion('iris', 1);
    await expect(temp.store.deleteVersion('iris', 1)).rejects.toMatchObject({ code: 'VERSION_NOT_FOUND' });
    await expect(temp.store.deleteVersion('wine', 1)).rejects.toMatchObject({ code: 'MODEL_NOT_FOUND' });
  });

  it('should leave a model whose every version is deleted out of the listing', async () => {
    for (const version of [1, 2, 3]) await temp.store.deleteVersion('iris', version);
    expect(await temp.store.listModels()).toEqual([]);
    await expect(temp.store.resolveVersion('iris')).rejects.toMatchObject({ code: 'MODEL_NOT_FOUND' });
    expect((await temp.store.createVersion(makeDraft('iris'), makeFiles())).version).toBe(4);
  });
});
