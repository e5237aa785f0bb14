import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from '@jest/globals';
import type { TabulaError } from '@tabula/contracts';
import { openModelStore, type ModelStore } from './index.js';
import { makeDraft, makeFiles, makeTempDir } from './test-fixtures.js';

let root: string;
let store: ModelStore;
let corrupt: TabulaError[];
let cleanup: () => Promise<void>;

beforeEach(async () => {
  ({ dir: root, cleanup } = await makeTempDir());
  corrupt = [];
  store = openModelStore(root, { onCorrupt: (error) => corrupt.push(error) });
});
afterEach(() => cleanup());

const ready = () => store.createVersion(makeDraft('iris'), makeFiles());
const rejected = () =>
  store.createVersion(makeDraft('iris', { status: 'rejected', rejection_reasons: ['accuracy 0.95 is below min_metrics.accuracy 0.99'] }), makeFiles());

describe('ModelStore.resolveVersion(name, ref)', () => {
  describe('without a ref (the default rule)', () => {
    it('should answer the newest version that is not rejected', async () => {
      await ready();
      await ready();
      await rejected();
      expect(await store.resolveVersion('iris')).toBe(2);
    });

    it('should answer the "production" alias when it is set, even over newer versions', async () => {
      await ready();
      await ready();
      await store.setAlias('iris', 'production', 1);
      expect(await store.resolveVersion('iris')).toBe(1);
    });

    it('should follow "production" to a rejected version: pointing it there was an explicit choice', async () => {
      await ready();
      await rejected();
      await store.setAlias('iris', 'production', 2);
      expect(await store.resolveVersion('iris')).toBe(2);
    });

    it('should answer NO_SERVABLE_VERSION, with the way out, when every version is rejected', async () => {
      await rejected();
      await rejected();
      await expect(store.resolveVersion('iris')).rejects.toMatchObject({
        code: 'NO_SERVABLE_VERSION',
        message: expect.stringContaining('all 2 of its versions are rejected'),
        hint: expect.stringContaining('PUT /models/iris/aliases/production'),
      });
      await expect(store.resolveVersion('iris', 'latest')).rejects.toMatchObject({ code: 'NO_SERVABLE_VERSION' });
    });
  });

  describe('"latest"', () => {
    it('should skip rejected and unreadable versions, reporting the unreadable one', async () => {
      await ready();
      await rejected();
      await ready();
      await writeFile(join(root, 'iris', '3', 'metadata.json'), '{"broken');
      expect(await store.resolveVersion('iris', 'latest')).toBe(1);
      expect(corrupt.map((e) => e.message)).toEqual([expect.stringContaining('"iris" version 3')]);
    });

    it('should ignore the "production" alias', async () => {
      await ready();
      await ready();
      await store.setAlias('iris', 'production', 1);
      expect(await store.resolveVersion('iris', 'latest')).toBe(2);
    });
  });

  describe('a number', () => {
    it('should answer that version even when it is rejected', async () => {
      await ready();
      await rejected();
      expect(await store.resolveVersion('iris', 2)).toBe(2);
      expect(await store.resolveVersion('iris', '2' as unknown as number)).toBe(2);
    });
  });

  describe('an alias', () => {
    it('should answer the version it points to, and follow it when it moves', async () => {
      await ready();
      await ready();
      await store.setAlias('iris', 'staging', 1);
      expect(await store.resolveVersion('iris', 'staging')).toBe(1);
      await store.setAlias('iris', 'staging', 2);
      expect(await store.resolveVersion('iris', 'staging')).toBe(2);
    });

    it('should answer ALIAS_NOT_FOUND naming the aliases that exist', async () => {
      await ready();
      await store.setAlias('iris', 'staging', 1);
      await store.setAlias('iris', 'champion', 1);
      await expect(store.resolveVersion('iris', 'production')).rejects.toMatchObject({
        code: 'ALIAS_NOT_FOUND',
        message: 'Model "iris" has no alias "production".',
        hint: expect.stringContaining('"champion", "staging"'),
      });
    });

    it('should answer VERSION_NOT_FOUND when the alias points to a version removed by hand', async () => {
      await ready();
      await ready();
      await writeFile(join(root, 'iris', 'aliases.json'), JSON.stringify({ format_version: 1, aliases: { production: 7 } }));
      await expect(store.resolveVersion('iris')).rejects.toMatchObject({
        code: 'VERSION_NOT_FOUND',
        message: 'Alias "production" of model "iris" points to version 7, which no longer exists.',
      });
    });
  });

  it('should answer MODEL_NOT_FOUND for a model without versions, whatever the ref', async () => {
    for (const ref of [undefined, 'latest', 1, 'production']) {
      await expect(store.resolveVersion('wine', ref)).rejects.toMatchObject({ code: 'MODEL_NOT_FOUND' });
    }
  });

  it.each(['Latest', '1x', '-1', '0', 'a b', 'x'.repeat(65)])('should refuse the ref %j with INVALID_INPUT', async (ref) => {
    await ready();
    await expect(store.resolveVersion('iris', ref)).rejects.toMatchObject({ code: 'INVALID_INPUT' });
  });
});
