import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { TabulaError } from '@tabula/contracts';
import { startS3TestServer, type S3TestServer } from '../testing/s3-test-server.js';
import { openArtifactStore } from './open-artifact-store.js';

let s3: S3TestServer;

beforeAll(async () => {
  s3 = await startS3TestServer();
});
afterAll(async () => {
  await s3?.stop();
});

/** What the services' config will pass: everything but the bucket and prefix, which come from the URI. */
const connection = () => {
  const { bucket: _bucket, prefix: _prefix, ...rest } = s3.storeOptions();
  return rest;
};

describe('openArtifactStore(uri, s3)', () => {
  it('should open the bucket and prefix an s3: URI names, with the connection settings given', async () => {
    const store = await openArtifactStore(`s3://${s3.bucket}/cluster/models/`, connection());
    expect(store.description).toBe(`s3://${s3.bucket}/cluster/models`);
    expect(await store.check()).toEqual({ ok: true });
    await store.put('iris/5e0c/model.json', new TextEncoder().encode('{"ok":true}'));
    expect(new TextDecoder().decode(await store.get('iris/5e0c/model.json'))).toBe('{"ok":true}');
    const other = await openArtifactStore(`s3://${s3.bucket}/elsewhere`, connection());
    expect((await other.get('iris/5e0c/model.json').catch((error: unknown) => error)) as TabulaError).toMatchObject({ code: 'MODEL_CORRUPT' });
  });

  it('should reject a URI that does not parse with a 400, before opening anything', async () => {
    const error = await openArtifactStore('ftp://host/models', connection()).catch((reason: unknown) => reason);
    expect(error).toBeInstanceOf(TabulaError);
    expect(error).toMatchObject({ code: 'INVALID_INPUT', status: 400 });
  });
});
