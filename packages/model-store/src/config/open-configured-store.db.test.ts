import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { TabulaError } from '@tabula/contracts';
import { closedPort, makeDraft, makeFiles, makeTempDir } from '../test-fixtures.js';
import { startTestPostgres, type TestPostgres } from '../testing/postgres-server.js';
import { startS3TestServer, type S3TestServer } from '../testing/s3-test-server.js';
import { openConfiguredStore } from './open-configured-store.js';
import type { StoreSpec } from './store-config.js';

let postgres: TestPostgres;
let s3: S3TestServer;
beforeAll(async () => {
  [postgres, s3] = await Promise.all([startTestPostgres(), startS3TestServer('tabula-configured')]);
  // The services take S3 credentials from the AWS SDK's default chain, as in production.
  process.env.AWS_ACCESS_KEY_ID = s3.credentials.accessKeyId;
  process.env.AWS_SECRET_ACCESS_KEY = s3.credentials.secretAccessKey;
});
afterAll(async () => {
  await Promise.all([postgres?.stop(), s3?.stop()]);
});

const clusterSpec = (databaseUrl: string, bucket = s3.bucket): StoreSpec => ({
  kind: 'postgres',
  databaseUrl,
  artifactsUri: `s3://${bucket}/models`,
  s3: { endpoint: s3.endpoint, forcePathStyle: true, region: 'us-east-1' },
});

describe('openConfiguredStore', () => {
  it('opens the folder store for a folder spec', async () => {
    const { dir, cleanup } = await makeTempDir();
    const store = await openConfiguredStore({ kind: 'folder', root: dir });
    expect(store.kind).toBe('folder');
    const created = await store.createVersion(makeDraft('iris'), makeFiles());
    expect(await store.resolveVersion('iris')).toBe(created.version);
    await store.close();
    await cleanup();
  });

  it('opens PostgreSQL with S3 artifacts, and a second replica reads what the first wrote', async () => {
    const databaseUrl = await postgres.createDatabase();
    const [first, second] = await Promise.all([openConfiguredStore(clusterSpec(databaseUrl)), openConfiguredStore(clusterSpec(databaseUrl))]);
    expect(first.kind).toBe('postgres');
    const created = await first.createVersion(makeDraft('iris'), makeFiles());
    expect(await second.readArtifacts('iris', created.version)).toEqual(await first.readArtifacts('iris', created.version));
    await Promise.all([first.close(), second.close()]);
  });

  it('refuses a bucket that does not exist at start with 503 ARTIFACT_STORE_UNAVAILABLE naming it', async () => {
    const databaseUrl = await postgres.createDatabase();
    await expect(openConfiguredStore(clusterSpec(databaseUrl, 'no-such-bucket'))).rejects.toMatchObject({
      code: 'ARTIFACT_STORE_UNAVAILABLE',
      message: expect.stringContaining('no-such-bucket'),
    });
  });

  it('retries an unreachable database, reporting each attempt, until told to stop', async () => {
    const port = await closedPort();
    const controller = new AbortController();
    const attempts: Array<{ code: string; attempt: number; delayMs: number }> = [];
    const onRetry = (error: TabulaError, attempt: number, delayMs: number) => {
      attempts.push({ code: error.code, attempt, delayMs });
      if (attempt === 3) controller.abort();
    };
    const opening = openConfiguredStore(clusterSpec(`postgres://tabula:x@127.0.0.1:${port}/tabula`), { onRetry, signal: controller.signal });
    await expect(opening).rejects.toMatchObject({ code: 'REGISTRY_UNAVAILABLE', message: expect.stringContaining(`127.0.0.1:${port}`) });
    expect(attempts.map(({ code, attempt }) => [code, attempt])).toEqual([
      ['REGISTRY_UNAVAILABLE', 1],
      ['REGISTRY_UNAVAILABLE', 2],
      ['REGISTRY_UNAVAILABLE', 3],
    ]);
    // Backing off: each wait is longer than the last, up to a cap.
    expect(attempts[1]!.delayMs).toBeGreaterThan(attempts[0]!.delayMs);
  });

  it('comes up by itself once the database it waited for answers', async () => {
    const databaseUrl = await postgres.createDatabase();
    const port = await closedPort();
    // The first attempt goes to a closed port; the retry hook then points the spec at the real server, as a
    // database that finished starting would answer.
    const spec = clusterSpec(databaseUrl.replace(`:${postgres.port}/`, `:${port}/`));
    let retries = 0;
    const store = await openConfiguredStore(spec, {
      onRetry: () => {
        retries += 1;
        if (spec.kind === 'postgres') spec.databaseUrl = databaseUrl;
      },
    });
    expect(retries).toBe(1);
    expect(await store.listModels()).toEqual([]);
    await store.close();
  });
});
