import { readdir, readFile, symlink, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from '@jest/globals';
import { makeTempDir } from '../test-fixtures.js';
import { openFileArtifacts } from './file-artifacts.js';
import type { ArtifactStore } from './artifact-store.js';

let dir: string;
let cleanup: () => Promise<void>;
let artifacts: ArtifactStore;

beforeEach(async () => {
  ({ dir, cleanup } = await makeTempDir());
  artifacts = openFileArtifacts(join(dir, 'artifacts'));
});
afterEach(() => cleanup());

const bytesOf = (text: string) => new TextEncoder().encode(text);

describe('openFileArtifacts(root)', () => {
  it('should describe itself as a file:// URI of its folder', () => {
    expect(artifacts.description).toBe(`file://${join(dir, 'artifacts')}`);
  });

  describe('.put(key, bytes) and .get(key)', () => {
    it('should store bytes under the key and read them back in an ArrayBuffer of their own', async () => {
      const binary = Uint8Array.from({ length: 256 }, (_, i) => i);
      await artifacts.put('iris/0b6c/forest.bin', binary);
      const read = await artifacts.get('iris/0b6c/forest.bin');
      expect(read).toEqual(binary);
      expect(read.byteOffset).toBe(0);
      expect(read.buffer.byteLength).toBe(256);
      expect(await readFile(join(dir, 'artifacts', 'iris', '0b6c', 'forest.bin'))).toEqual(Buffer.from(binary));
    });

    it('should leave no temp file behind', async () => {
      await artifacts.put('iris/a/model.json', bytesOf('{}'));
      expect(await readdir(join(dir, 'artifacts', '.tmp#'))).toEqual([]);
    });

    it('should refuse to overwrite a key, keeping the bytes first written', async () => {
      await artifacts.put('iris/a/model.json', bytesOf('first'));
      await expect(artifacts.put('iris/a/model.json', bytesOf('second'))).rejects.toMatchObject({ code: 'INTERNAL', message: expect.stringContaining('already exists') });
      expect(new TextDecoder().decode(await artifacts.get('iris/a/model.json'))).toBe('first');
      expect(await readdir(join(dir, 'artifacts', '.tmp#'))).toEqual([]);
    });

    it('should let only one of many concurrent puts of one key succeed', async () => {
      const results = await Promise.allSettled(Array.from({ length: 8 }, (_, i) => artifacts.put('iris/a/x.bin', bytesOf(`writer ${i}`))));
      expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
      expect(new TextDecoder().decode(await artifacts.get('iris/a/x.bin'))).toMatch(/^writer [0-7]$/);
    });

    it.each(['', '/abs', '../escape', 'a/../b', 'a/./b', 'a//b', 'a/', 'a b', 'a\\b', '.tmp#/x', 'ü', 'x'.repeat(256)])('should refuse the key %j before touching the folder', async (key) => {
      await expect(artifacts.put(key, bytesOf('x'))).rejects.toMatchObject({ code: 'INTERNAL', message: expect.stringContaining('is not valid') });
      await expect(artifacts.get(key)).rejects.toMatchObject({ code: 'INTERNAL' });
      await expect(artifacts.delete(key)).rejects.toMatchObject({ code: 'INTERNAL' });
      await expect(readdir(dir)).resolves.toEqual([]);
    });

    it('should answer MODEL_CORRUPT naming the key when it is absent', async () => {
      await expect(artifacts.get('iris/a/model.json')).rejects.toMatchObject({ code: 'MODEL_CORRUPT', message: expect.stringContaining('"iris/a/model.json"') });
    });
  });

  describe('.putFile(key, path) and .getFile(key, path)', () => {
    it('should store a file under the key and copy it back to a new file, leaving no temp file', async () => {
      const bytes = Uint8Array.from({ length: 3 * 1024 * 1024 + 5 }, (_, i) => (i * 31) & 0xff);
      await writeFile(join(dir, 'upload.csv'), bytes);
      await artifacts.putFile('.jobs/j1/dataset.csv', join(dir, 'upload.csv'));
      await artifacts.getFile('.jobs/j1/dataset.csv', join(dir, 'back.csv'));
      expect((await readFile(join(dir, 'back.csv'))).equals(Buffer.from(bytes))).toBe(true);
      expect(Buffer.from(await artifacts.get('.jobs/j1/dataset.csv')).equals(Buffer.from(bytes))).toBe(true);
      expect(await readdir(join(dir, 'artifacts', '.tmp#'))).toEqual([]);
    });

    it('should refuse an existing key, and answer MODEL_CORRUPT (artifactMissing) for an absent one without creating the file', async () => {
      await writeFile(join(dir, 'upload.csv'), 'a,b\n1,2\n');
      await artifacts.putFile('.jobs/j2/dataset.csv', join(dir, 'upload.csv'));
      await expect(artifacts.putFile('.jobs/j2/dataset.csv', join(dir, 'upload.csv'))).rejects.toMatchObject({ message: expect.stringContaining('already exists') });
      await expect(artifacts.getFile('.jobs/none/dataset.csv', join(dir, 'none.csv'))).rejects.toMatchObject({ code: 'MODEL_CORRUPT', message: expect.stringContaining('.jobs/none/dataset.csv') });
      expect(await readdir(dir)).not.toContain('none.csv');
    });
  });

  describe('.delete(key)', () => {
    it('should remove the key, and accept a key already gone', async () => {
      await artifacts.put('iris/a/model.json', bytesOf('{}'));
      await artifacts.delete('iris/a/model.json');
      await artifacts.delete('iris/a/model.json');
      await expect(artifacts.get('iris/a/model.json')).rejects.toMatchObject({ code: 'MODEL_CORRUPT' });
    });
  });

  describe('.check()', () => {
    it('should report ok on a writable folder and leave no probe behind', async () => {
      expect(await artifacts.check()).toEqual({ ok: true });
      expect(await readdir(join(dir, 'artifacts', '.tmp#'))).toEqual([]);
    });

    it('should report the errno, not the path, when the folder cannot be used', async () => {
      await writeFile(join(dir, 'file'), 'not a folder');
      await symlink(join(dir, 'file'), join(dir, 'linked'));
      const broken = openFileArtifacts(join(dir, 'linked'));
      expect(await broken.check()).toEqual({ ok: false, message: expect.stringMatching(/^The artifact folder is not writable \(E[A-Z]+\)\.$/) });
    });
  });
});
