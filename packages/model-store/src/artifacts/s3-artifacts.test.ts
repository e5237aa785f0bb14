import { randomBytes } from 'node:crypto';
import { readdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { GetObjectCommand, ListObjectsV2Command, S3Client } from '@aws-sdk/client-s3';
import { TabulaError } from '@tabula/contracts';
import { closedPort, makeTempDir } from '../test-fixtures.js';
import { startS3TestServer, type S3TestServer } from '../testing/s3-test-server.js';
import { openS3Artifacts } from './s3-artifacts.js';

let s3: S3TestServer;
/** The same server read without the store, to see where objects land. */
let raw: S3Client;

beforeAll(async () => {
  s3 = await startS3TestServer();
  raw = new S3Client({ endpoint: s3.endpoint, forcePathStyle: true, region: 'us-east-1', credentials: s3.credentials });
});
afterAll(async () => {
  raw?.destroy();
  await s3?.stop();
});

const listKeys = async (prefix: string) =>
  ((await raw.send(new ListObjectsV2Command({ Bucket: s3.bucket, Prefix: prefix }))).Contents ?? []).map((object) => object.Key);

async function rejection(promise: Promise<unknown>): Promise<TabulaError> {
  const error = await promise.then(() => undefined, (reason: unknown) => reason);
  expect(error).toBeInstanceOf(TabulaError);
  return error as TabulaError;
}

describe('openS3Artifacts', () => {
  describe('.put(key, bytes) and .get(key)', () => {
    it('should give back the bytes put, in a fresh ArrayBuffer of exactly their size', async () => {
      const store = openS3Artifacts(s3.storeOptions('models'));
      const bytes = new Uint8Array(randomBytes(3 * 1024 * 1024 + 17));
      await store.put('iris/3f1c2a9e/forest.value.f64', bytes);
      const got = await store.get('iris/3f1c2a9e/forest.value.f64');
      expect(got.byteOffset).toBe(0);
      expect(got.buffer.byteLength).toBe(bytes.byteLength);
      expect(got.buffer).not.toBe(bytes.buffer);
      expect(Buffer.from(got).equals(Buffer.from(bytes))).toBe(true);
    });

    it('should store each key under the prefix of the URI, and at the bucket root without one', async () => {
      await openS3Artifacts(s3.storeOptions('team/a')).put('iris/1/model.json', new TextEncoder().encode('{}'));
      await openS3Artifacts(s3.storeOptions('')).put('rooted/1/model.json', new Uint8Array([1]));
      expect(await listKeys('team/')).toEqual(['team/a/iris/1/model.json']);
      expect(await listKeys('rooted/')).toEqual(['rooted/1/model.json']);
      const object = await raw.send(new GetObjectCommand({ Bucket: s3.bucket, Key: 'team/a/iris/1/model.json' }));
      expect(await object.Body?.transformToString()).toBe('{}');
    });

    it('should keep an empty artifact empty', async () => {
      const store = openS3Artifacts(s3.storeOptions('empty'));
      await store.put('iris/1/none.bin', new Uint8Array(0));
      expect((await store.get('iris/1/none.bin')).byteLength).toBe(0);
    });

    it('should refuse a key outside the grammar before any request, so nothing lands outside the prefix', async () => {
      const store = openS3Artifacts(s3.storeOptions('guarded'));
      for (const key of ['../escape', '/abs', 'a//b', 'a/./b', 'a/b/', 'sp ace', '']) {
        expect((await rejection(store.put(key, new Uint8Array([1])))).code).toBe('INTERNAL');
        expect((await rejection(store.get(key))).code).toBe('INTERNAL');
      }
      expect(await listKeys('')).not.toContainEqual(expect.stringContaining('escape'));
    });
  });

  describe('.putFile(key, path) and .getFile(key, path)', () => {
    it('should stream a file up and back down, byte for byte', async () => {
      const { dir, cleanup } = await makeTempDir();
      try {
        const store = openS3Artifacts(s3.storeOptions('cluster'));
        const bytes = randomBytes(6 * 1024 * 1024 + 3);
        await writeFile(join(dir, 'upload.csv'), bytes);
        await store.putFile('.jobs/j1/dataset.csv', join(dir, 'upload.csv'));
        expect(await listKeys('cluster/.jobs/')).toEqual(['cluster/.jobs/j1/dataset.csv']);
        await store.getFile('.jobs/j1/dataset.csv', join(dir, 'back.csv'));
        expect((await readFile(join(dir, 'back.csv'))).equals(bytes)).toBe(true);
      } finally {
        await cleanup();
      }
    });

    it('should answer MODEL_CORRUPT (artifactMissing) for an absent key and leave no file', async () => {
      const { dir, cleanup } = await makeTempDir();
      try {
        const store = openS3Artifacts(s3.storeOptions('cluster'));
        expect(await rejection(store.getFile('.jobs/none/dataset.csv', join(dir, 'none.csv')))).toMatchObject({ code: 'MODEL_CORRUPT', message: expect.stringContaining('.jobs/none/dataset.csv') });
        expect(await readdir(dir)).toEqual([]);
      } finally {
        await cleanup();
      }
    });
  });

  describe('.get(key) of a key that is not there', () => {
    it('should reject with MODEL_CORRUPT naming the key and the store', async () => {
      const error = await rejection(openS3Artifacts(s3.storeOptions('models')).get('iris/never/model.json'));
      expect(error).toMatchObject({ code: 'MODEL_CORRUPT', status: 500 });
      expect(error.message).toContain('"iris/never/model.json"');
      expect(error.message).toContain(`s3://${s3.bucket}/models`);
    });
  });

  describe('.delete(key)', () => {
    it('should remove the object, and succeed again once it is gone', async () => {
      const store = openS3Artifacts(s3.storeOptions('deleted'));
      await store.put('iris/9/model.json', new Uint8Array([7]));
      await store.delete('iris/9/model.json');
      expect(await listKeys('deleted/')).toEqual([]);
      expect((await rejection(store.get('iris/9/model.json'))).code).toBe('MODEL_CORRUPT');
      await expect(store.delete('iris/9/model.json')).resolves.toBeUndefined();
      await expect(store.delete('iris/never-there/model.json')).resolves.toBeUndefined();
    });
  });

  describe('.check()', () => {
    it('should write and remove a probe, leaving nothing under the prefix', async () => {
      const store = openS3Artifacts(s3.storeOptions('probed'));
      expect(await store.check()).toEqual({ ok: true });
      expect(await listKeys('probed/')).toEqual([]);
    });
  });

  describe('when the bucket does not exist', () => {
    it('should reject every call with ARTIFACT_STORE_UNAVAILABLE naming the bucket and endpoint, and fail check()', async () => {
      const store = openS3Artifacts({ ...s3.storeOptions('models'), bucket: 'no-such-bucket' });
      for (const call of [() => store.put('a/1/b', new Uint8Array([1])), () => store.get('a/1/b'), () => store.delete('a/1/b')]) {
        const error = await rejection(call());
        expect(error).toMatchObject({ code: 'ARTIFACT_STORE_UNAVAILABLE', status: 503 });
        expect(error.message).toBe(`The artifact bucket "no-such-bucket" does not exist at ${s3.endpoint}.`);
      }
      expect(await store.check()).toEqual({ ok: false, message: `The artifact bucket "no-such-bucket" does not exist at ${s3.endpoint}.` });
    });
  });

  describe('when the store refuses the credentials', () => {
    // s3rver refuses an access key id it does not know; it does not verify signatures, so a wrong secret passes there.
    const refused = () => openS3Artifacts({ ...s3.storeOptions('models'), credentials: { accessKeyId: 'AKIAUNKNOWNKEYID0000', secretAccessKey: 'not-the-secret-0000' } });

    it('should reject with ARTIFACT_STORE_UNAVAILABLE naming the bucket, the endpoint and the reason, but no key', async () => {
      for (const call of [() => refused().put('a/1/b', new Uint8Array([1])), () => refused().get('a/1/b')]) {
        const error = await rejection(call());
        expect(error).toMatchObject({ code: 'ARTIFACT_STORE_UNAVAILABLE', status: 503 });
        expect(error.message).toBe(`The artifact store at ${s3.endpoint} refused the service's credentials for bucket "${s3.bucket}" (InvalidAccessKeyId).`);
        expect(JSON.stringify({ message: error.message, hint: error.hint })).not.toMatch(/AKIAUNKNOWN|not-the-secret/);
      }
    });

    it('should fail check() with the same message', async () => {
      const check = await refused().check();
      expect(check.ok).toBe(false);
      expect(check.message).toContain('refused the service\'s credentials');
    });
  });

  describe('when the endpoint does not answer', () => {
    it('should reject with ARTIFACT_STORE_UNAVAILABLE naming the endpoint and the errno, and fail check()', async () => {
      const endpoint = `http://127.0.0.1:${await closedPort()}`;
      const store = openS3Artifacts({ ...s3.storeOptions('models'), endpoint });
      const error = await rejection(store.get('a/1/b'));
      expect(error).toMatchObject({ code: 'ARTIFACT_STORE_UNAVAILABLE', status: 503 });
      expect(error.message).toBe(`The artifact store at ${endpoint} is unreachable (ECONNREFUSED).`);
      expect(await store.check()).toEqual({ ok: false, message: error.message });
    });
  });
});
