import { cp, readFile, rm, truncate, writeFile } from 'node:fs/promises';
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
  await store.createVersion(makeDraft('iris'), makeFiles());
  await store.createVersion(makeDraft('iris'), makeFiles());
});
afterEach(() => cleanup());

const versionFile = (version: number, file: string) => join(root, 'iris', String(version), file);

/** Version 1 is damaged; version 2 must keep working and listings must skip only version 1. */
async function expectOnlyVersionOneBroken(read: () => Promise<unknown>, reason: RegExp) {
  await expect(read()).rejects.toMatchObject({ code: 'MODEL_CORRUPT', message: expect.stringMatching(reason) });
  await expect(read()).rejects.toThrow(/Model "iris" version 1 is corrupt/);
  expect(await store.readArtifacts('iris', 2)).toEqual(makeFiles());
}

describe('ModelStore', () => {
  describe('.readArtifacts(name, version)', () => {
    it('should return each artifact at offset 0 of its own buffer, ready for typed-array views', async () => {
      const artifacts = await store.readArtifacts('iris', 1);
      const binary = artifacts['forest.bin'];

      expect(binary.byteOffset).toBe(0);
      expect(binary.buffer.byteLength).toBe(256);
      expect(Array.from(new Float64Array(binary.buffer, 8, 1))).toEqual(Array.from(new Float64Array(makeFiles()['forest.bin'].buffer, 8, 1)));
    });

    it('should report a truncated artifact as MODEL_CORRUPT naming its size', async () => {
      await truncate(versionFile(1, 'forest.bin'), 100);
      await expectOnlyVersionOneBroken(() => store.readArtifacts('iris', 1), /"forest\.bin" has 100 bytes where metadata\.json records 256/);
    });

    it('should report an artifact changed in place (same size) as a sha256 mismatch', async () => {
      const bytes = await readFile(versionFile(1, 'forest.bin'));
      bytes[17] ^= 0xff;
      await writeFile(versionFile(1, 'forest.bin'), bytes);
      await expectOnlyVersionOneBroken(() => store.readArtifacts('iris', 1), /"forest\.bin" does not match its recorded sha256/);
    });

    it('should refuse a raw array file whose metadata size is not dtype × shape, as a metadata schema failure', async () => {
      const metadata = JSON.parse(await readFile(versionFile(1, 'metadata.json'), 'utf8')) as { artifacts: Array<Record<string, unknown>> };
      Object.assign(metadata.artifacts[1], { dtype: 'float64', shape: [31] });
      await writeFile(versionFile(1, 'metadata.json'), JSON.stringify(metadata));
      await expect(store.readArtifacts('iris', 1)).rejects.toMatchObject({ details: [{ path: 'artifacts.1.bytes', message: 'is 256, but float64 of shape [31] takes 248' }] });
      await expectOnlyVersionOneBroken(() => store.readArtifacts('iris', 1), /does not match the metadata schema/);
    });

    it('should read a version written before raw array files (no dtype or shape) as it was', async () => {
      const metadata = await store.readMetadata('iris', 1);
      expect(metadata.artifacts.every((artifact) => !('dtype' in artifact) && !('shape' in artifact))).toBe(true);
      expect(await store.readArtifacts('iris', 1)).toEqual(makeFiles());
    });

    it('should report a missing artifact as MODEL_CORRUPT', async () => {
      await rm(versionFile(1, 'model.json'));
      await expectOnlyVersionOneBroken(() => store.readArtifacts('iris', 1), /"model\.json" is missing/);
    });
  });

  describe('.readMetadata(name, version)', () => {
    it('should report garbled metadata.json as MODEL_CORRUPT while listings skip that version', async () => {
      await writeFile(versionFile(1, 'metadata.json'), '{"format_version": 1, "model_na');

      await expectOnlyVersionOneBroken(() => store.readMetadata('iris', 1), /metadata\.json is not valid JSON/);
      expect((await store.listVersions('iris')).map((m) => m.version)).toEqual([2]);
      expect(await store.listModels()).toEqual([expect.objectContaining({ model_name: 'iris', latest_version: 2, n_versions: 1 })]);
      expect(corrupt.map((e) => e.message)).toEqual([expect.stringMatching(/"iris" version 1/), expect.stringMatching(/"iris" version 1/)]);
    });

    it('should report metadata.json that fails the schema with the offending fields as details', async () => {
      const metadata = JSON.parse(await readFile(versionFile(1, 'metadata.json'), 'utf8')) as Record<string, unknown>;
      delete metadata.task;
      await writeFile(versionFile(1, 'metadata.json'), JSON.stringify(metadata));

      await expect(store.readMetadata('iris', 1)).rejects.toMatchObject({
        code: 'MODEL_CORRUPT',
        details: [expect.objectContaining({ path: 'task' })],
      });
      await expectOnlyVersionOneBroken(() => store.readMetadata('iris', 1), /does not match the metadata schema/);
    });

    it('should report a version directory without metadata.json as MODEL_CORRUPT, not as missing', async () => {
      await rm(versionFile(1, 'metadata.json'));
      await expectOnlyVersionOneBroken(() => store.readMetadata('iris', 1), /metadata\.json is missing/);
    });

    it('should report a version copied by hand under another number as MODEL_CORRUPT', async () => {
      await cp(join(root, 'iris', '1'), join(root, 'iris', '3'), { recursive: true });

      await expect(store.readMetadata('iris', 3)).rejects.toThrow(/Model "iris" version 3 is corrupt: metadata\.json describes "iris" version 1/);
      expect(await store.resolveVersion('iris', 3)).toBe(3);
      // "latest" means the newest version that can be served, which this one cannot.
      expect(await store.resolveVersion('iris', 'latest')).toBe(2);
      expect((await store.listVersions('iris')).map((m) => m.version)).toEqual([1, 2]);
    });

    it('should answer MODEL_NOT_FOUND for an unknown model and VERSION_NOT_FOUND for an unknown version', async () => {
      await expect(store.readMetadata('nope', 1)).rejects.toMatchObject({ code: 'MODEL_NOT_FOUND', message: 'No model named "nope" exists.' });
      await expect(store.readMetadata('iris', 7)).rejects.toMatchObject({ code: 'VERSION_NOT_FOUND', message: 'Model "iris" has no version 7.' });
      await expect(store.readArtifacts('iris', 7)).rejects.toMatchObject({ code: 'VERSION_NOT_FOUND' });
    });
  });
});
