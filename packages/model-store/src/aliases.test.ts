import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { beforeEach, describe, expect, it } from '@jest/globals';
import { AliasesFileSchema } from '@tabula/contracts';
import { makeDraft, makeFiles, useTempStore, listTempFiles } from './test-fixtures.js';

const temp = useTempStore();

beforeEach(async () => {
  for (let i = 0; i < 3; i += 1) await temp.store.createVersion(makeDraft('iris'), makeFiles());
});

const aliasesOnDisk = async () =>
  AliasesFileSchema.parse(JSON.parse(await readFile(join(temp.root, 'iris', 'aliases.json'), 'utf8'))).aliases;

describe('ModelStore aliases', () => {
  describe('.setAlias(name, alias, version)', () => {
    it('should temp.store the alias in aliases.json and say where it pointed before', async () => {
      expect(await temp.store.setAlias('iris', 'production', 2)).toEqual({ model_name: 'iris', alias: 'production', version: 2, previous_version: null });
      expect(await temp.store.setAlias('iris', 'production', 3)).toEqual({ model_name: 'iris', alias: 'production', version: 3, previous_version: 2 });
      expect(await aliasesOnDisk()).toEqual({ production: 3 });
      expect(await temp.store.readAliases('iris')).toEqual({ production: 3 });
    });

    it('should keep every alias when many are set at once', async () => {
      const names = Array.from({ length: 20 }, (_, i) => `alias-${i}`);
      await Promise.all(names.map((alias, i) => temp.store.setAlias('iris', alias, (i % 3) + 1)));
      expect(Object.keys(await aliasesOnDisk()).sort()).toEqual([...names].sort());
      expect(await listTempFiles(temp.root)).toEqual([]);
    });

    it('should refuse a version or model that does not exist', async () => {
      await expect(temp.store.setAlias('iris', 'production', 4)).rejects.toMatchObject({ code: 'VERSION_NOT_FOUND' });
      await expect(temp.store.setAlias('wine', 'production', 1)).rejects.toMatchObject({ code: 'MODEL_NOT_FOUND' });
      expect(await temp.store.readAliases('iris')).toEqual({});
    });

    it.each(['latest', 'LATEST', '1', '9lives', '../x', 'a/b', '', 'x'.repeat(65)])('should refuse the alias name %j', async (alias) => {
      await expect(temp.store.setAlias('iris', alias, 1)).rejects.toMatchObject({
        code: 'INVALID_INPUT',
        details: [expect.objectContaining({ path: 'alias' })],
      });
    });
  });

  describe('.deleteAlias(name, alias)', () => {
    it('should remove only that alias and say where it pointed', async () => {
      await temp.store.setAlias('iris', 'production', 1);
      await temp.store.setAlias('iris', 'staging', 2);
      expect(await temp.store.deleteAlias('iris', 'staging')).toEqual({ model_name: 'iris', alias: 'staging', version: null, previous_version: 2 });
      expect(await aliasesOnDisk()).toEqual({ production: 1 });
    });

    it('should answer ALIAS_NOT_FOUND naming the aliases that exist', async () => {
      await temp.store.setAlias('iris', 'production', 1);
      await expect(temp.store.deleteAlias('iris', 'staging')).rejects.toMatchObject({
        code: 'ALIAS_NOT_FOUND',
        hint: expect.stringContaining('"production"'),
      });
      await expect(temp.store.deleteAlias('wine', 'staging')).rejects.toMatchObject({ code: 'MODEL_NOT_FOUND' });
    });

    it.each(['valueOf', 'constructor', 'toString', 'hasOwnProperty'])('should treat %s, a name Object.prototype has, as an alias like any other', async (alias) => {
      await expect(temp.store.deleteAlias('iris', alias)).rejects.toMatchObject({ code: 'ALIAS_NOT_FOUND' });
      expect(await temp.store.setAlias('iris', alias, 2)).toMatchObject({ version: 2, previous_version: null });
      expect(await temp.store.deleteAlias('iris', alias)).toMatchObject({ previous_version: 2 });
    });
  });

  describe('.readAliases(name)', () => {
    it('should report an unreadable aliases.json as MODEL_CORRUPT rather than ignore the aliases', async () => {
      await writeFile(join(temp.root, 'iris', 'aliases.json'), '{"format_version": 1, "aliases": {"production": "two"}}');
      await expect(temp.store.readAliases('iris')).rejects.toMatchObject({ code: 'MODEL_CORRUPT', hint: expect.stringContaining('aliases.json') });
      await expect(temp.store.resolveVersion('iris')).rejects.toMatchObject({ code: 'MODEL_CORRUPT' });
      await expect(temp.store.setAlias('iris', 'production', 1)).rejects.toMatchObject({ code: 'MODEL_CORRUPT' });
      // A number does not need the aliases.
      expect(await temp.store.resolveVersion('iris', 2)).toBe(2);
    });
  });
});
