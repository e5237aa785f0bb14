import { spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { readdir, readFile, stat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from '@jest/globals';
import { ModelMetadataSchema } from '@tabula/contracts';
import type { ArraySpec, ModelMetadataDraft } from '@tabula/contracts';
import { makeDraft, makeFiles, useTempStore, listTempFiles } from './test-fixtures.js';

const temp = useTempStore();

const sha256 = (bytes: Uint8Array) => createHash('sha256').update(bytes).digest('hex');
const encode = (text: string) => new TextEncoder().encode(text);

/** Runs createVersion `count` times at once in a separate Node process, started on a signal. */
function spawnWriter(draft: ModelMetadataDraft, count: number, tag: string) {
  const script = `
    const { openModelStore } = await import(process.env.STORE_URL);
    const store = openModelStore(process.env.STORE_ROOT);
    const draft = JSON.parse(process.env.DRAFT);
    process.stdout.write('ready\\n');
    await new Promise((resolve) => process.stdin.once('data', resolve));
    const stored = await Promise.all(Array.from({ length: ${count} }, (_, i) =>
      store.createVersion(draft, { 'model.json': new TextEncoder().encode('${tag}-' + i) })));
    process.stdout.write(JSON.stringify(stored.map((m) => m.version)) + '\\n');
    process.stdin.destroy();`;
  const child = spawn(process.execPath, ['--input-type=module', '-e', script], {
    env: { ...process.env, STORE_URL: new URL('./index.js', import.meta.url).href, STORE_ROOT: temp.root, DRAFT: JSON.stringify(draft) },
    stdio: ['pipe', 'pipe', 'inherit'],
  });
  let out = '';
  const ready = new Promise<void>((resolve) => child.stdout.on('data', (chunk: Buffer) => {
    out += chunk.toString();
    if (out.includes('ready\n')) resolve();
  }));
  const done = new Promise<number[]>((resolve, reject) => child.on('exit', (code) => {
    if (code !== 0) reject(new Error(`writer ${tag} exited with ${code}`));
    else resolve(JSON.parse(out.slice(out.indexOf('ready\n') + 6)) as number[]);
  }));
  return { ready, done, go: () => child.stdin.write('go\n') };
}

describe('ModelStore', () => {
  describe('.createVersion(draft, files)', () => {
    it('should temp.store the artifacts and a metadata.json with version, created_at and checksums', async () => {
      const files = makeFiles();
      const stored = await temp.store.createVersion(makeDraft('iris'), files);

      expect(stored.version).toBe(1);
      expect(Number.isNaN(Date.parse(stored.created_at))).toBe(false);
      expect(stored.artifacts).toEqual(
        Object.entries(files).map(([file, bytes]) => ({ file, bytes: bytes.byteLength, sha256: sha256(bytes) })),
      );
      const dir = join(temp.root, 'iris', '1');
      expect((await readdir(dir)).sort()).toEqual(['forest.bin', 'metadata.json', 'model.json']);
      const onDisk = ModelMetadataSchema.parse(JSON.parse(await readFile(join(dir, 'metadata.json'), 'utf8')));
      expect(onDisk).toEqual(stored);
      expect(await temp.store.readMetadata('iris', 1)).toEqual(stored);
      expect(await temp.store.readArtifacts('iris', 1)).toEqual(files);
      expect(await listTempFiles(temp.root)).toEqual([]);
    });

    it('should give each new version of a name the next number and leave older ones untouched', async () => {
      await temp.store.createVersion(makeDraft('iris'), { 'model.json': encode('first') });
      const second = await temp.store.createVersion(makeDraft('iris'), { 'model.json': encode('second') });
      const other = await temp.store.createVersion(makeDraft('churn'), { 'model.json': encode('other') });

      expect(second.version).toBe(2);
      expect(other.version).toBe(1);
      expect(await temp.store.readArtifacts('iris', 1)).toEqual({ 'model.json': encode('first') });
      expect(await temp.store.readArtifacts('iris', 2)).toEqual({ 'model.json': encode('second') });
    });

    it('should temp.store only schema fields, ignoring a version or extra keys smuggled into the draft', async () => {
      const draft = { ...makeDraft('iris'), version: 42, extra: 'x' } as ModelMetadataDraft;
      const stored = await temp.store.createVersion(draft, makeFiles());

      expect(stored.version).toBe(1);
      const onDisk = JSON.parse(await readFile(join(temp.root, 'iris', '1', 'metadata.json'), 'utf8')) as Record<string, unknown>;
      expect(onDisk).not.toHaveProperty('extra');
      expect(onDisk.version).toBe(1);
    });

    it('should give 20 concurrent calls distinct consecutive versions, each with its own files', async () => {
      const stored = await Promise.all(
        Array.from({ length: 20 }, (_, i) => temp.store.createVersion(makeDraft('iris'), { 'model.json': encode(`call-${i}`) })),
      );

      expect(stored.map((m) => m.version).sort((a, b) => a - b)).toEqual(Array.from({ length: 20 }, (_, i) => i + 1));
      for (const [i, metadata] of stored.entries()) {
        expect(await temp.store.readArtifacts('iris', metadata.version)).toEqual({ 'model.json': encode(`call-${i}`) });
      }
      expect(await listTempFiles(temp.root)).toEqual([]);
    });

    it('should give two processes writing at once distinct consecutive versions', async () => {
      const writers = [spawnWriter(makeDraft('iris'), 10, 'a'), spawnWriter(makeDraft('iris'), 10, 'b')];
      await Promise.all(writers.map((w) => w.ready));
      writers.forEach((w) => w.go());
      const [a, b] = await Promise.all(writers.map((w) => w.done));

      expect([...a, ...b].sort((x, y) => x - y)).toEqual(Array.from({ length: 20 }, (_, i) => i + 1));
      const contents = await Promise.all(
        [...a, ...b].map(async (v) => new TextDecoder().decode((await temp.store.readArtifacts('iris', v))['model.json'])),
      );
      expect(contents.sort()).toEqual([...Array.from({ length: 10 }, (_, i) => `a-${i}`), ...Array.from({ length: 10 }, (_, i) => `b-${i}`)].sort());
    });

    it('should leave no version and no temp dir behind when the write fails midway', async () => {
      // A file where the model directory should be makes the write fail after the temp dir is full.
      await writeFile(join(temp.root, 'blocked'), 'not a directory');

      await expect(temp.store.createVersion(makeDraft('blocked'), makeFiles())).rejects.toThrow();
      expect((await stat(join(temp.root, 'blocked'))).isFile()).toBe(true);
      expect(await listTempFiles(temp.root)).toEqual([]);
    });

    it.each([
      ['no files', {}],
      ['a reserved file name', { 'metadata.json': encode('{}') }],
      ['a file name that climbs out', { '../evil.bin': encode('x') }],
      ['a file name with a slash', { 'a/b.bin': encode('x') }],
      ['a value that is not bytes', { 'model.json': 'text' as unknown as Uint8Array }],
    ])('should reject %s with INVALID_INPUT before touching the disk', async (_label, files) => {
      await expect(temp.store.createVersion(makeDraft('iris'), files)).rejects.toMatchObject({ code: 'INVALID_INPUT' });
      expect(await readdir(temp.root)).toEqual([]);
    });

    it('should record the dtype and shape of each raw array file, and nothing more for the others', async () => {
      const threshold = new Uint8Array(Float64Array.of(0.5, 1.5, 2.5, 3.5, 4.5, 5.5).buffer);
      const files = { 'model.json': encode('{}'), 'forest.threshold.f64': threshold };
      const stored = await temp.store.createVersion(makeDraft('iris'), files, { 'forest.threshold.f64': { dtype: 'float64', shape: [3, 2] } });

      expect(stored.artifacts).toEqual([
        { file: 'model.json', bytes: 2, sha256: sha256(files['model.json']) },
        { file: 'forest.threshold.f64', bytes: 48, sha256: sha256(threshold), dtype: 'float64', shape: [3, 2] },
      ]);
      const onDisk = ModelMetadataSchema.parse(JSON.parse(await readFile(join(temp.root, 'iris', '1', 'metadata.json'), 'utf8')));
      expect(onDisk.artifacts).toEqual(stored.artifacts);
      const read = (await temp.store.readArtifacts('iris', 1))['forest.threshold.f64'];
      expect(Array.from(new Float64Array(read.buffer, read.byteOffset, 6))).toEqual([0.5, 1.5, 2.5, 3.5, 4.5, 5.5]);
    });

    it.each<[string, Record<string, ArraySpec>, string | undefined]>([
      ['a size that is not dtype × shape', { 'forest.bin': { dtype: 'float64', shape: [33] } }, 'artifacts.1.bytes'],
      ['a spec for a file it does not write', { 'other.f64': { dtype: 'float64', shape: [1] } }, undefined],
    ])('should reject %s with INVALID_INPUT, storing nothing', async (_label, arrays, path) => {
      const rejection = temp.store.createVersion(makeDraft('iris'), makeFiles(), arrays);
      await expect(rejection).rejects.toMatchObject({ code: 'INVALID_INPUT' });
      if (path !== undefined) await expect(rejection).rejects.toMatchObject({ details: [expect.objectContaining({ path })] });
      expect(await readdir(temp.root)).not.toContain('iris');
    });

    it('should reject a draft that does not match the metadata schema, naming the field', async () => {
      const draft = makeDraft('iris', { metrics: { accuracy: 'high' as unknown as number } });

      await expect(temp.store.createVersion(draft, makeFiles())).rejects.toMatchObject({
        code: 'INVALID_INPUT',
        details: [expect.objectContaining({ path: 'metrics.accuracy' })],
      });
      expect(await readdir(temp.root)).toEqual([]);
    });
  });
});
