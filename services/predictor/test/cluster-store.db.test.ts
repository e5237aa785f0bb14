import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as delay } from 'node:timers/promises';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { openConfiguredStore, storeSpecOf, StoreEnvSchema, type ConfiguredStore } from '@tabula/model-store';
import { startTestPostgres, type TestPostgres } from '@tabula/model-store/testing';
import { startS3TestServer, type S3TestServer } from '@tabula/model-store/testing/s3';
import request from 'supertest';
import { preloadModels } from '#dist/scoring/preload-models.js';
import { createTempPredictor, csvToRecords, storeVersion, trainIris, varyingIrisCsv, type TempPredictor } from './temp-predictor.js';

// The predictor app in cluster mode: its store is a real PostgreSQL registry with artifacts in a real S3 API
// (s3rver). Versions and aliases are written by another store handle, as a trainer replica would, so everything the
// predictor learns of them comes through the database and its notifications. With one scoring worker, big batches
// are scored on a thread with a store handle of its own.
//
// The runs with a worker keep artifacts on a file:// volume instead of S3: jest gives a test file its own copy of
// process.env, so the s3rver credentials set here never reach a worker thread, which starts from the real one. (In
// production both threads read the same environment.)

const RECORD = { 'sepal.length': 6.3, 'sepal.width': 3.3, 'petal.length': 6, 'petal.width': 2.5 };
/** About 100 KB: past the inline limit, so it is scored in the worker when there is one. */
const BIG_CSV = varyingIrisCsv(5_000);

let postgres: TestPostgres;
let s3: S3TestServer;
let volume: string;
beforeAll(async () => {
  [postgres, s3, volume] = await Promise.all([startTestPostgres(), startS3TestServer('tabula-predictor'), mkdtemp(join(tmpdir(), 'tabula-predictor-volume-'))]);
  // The services take S3 credentials from the AWS SDK's default chain, as in production.
  process.env.AWS_ACCESS_KEY_ID = s3.credentials.accessKeyId;
  process.env.AWS_SECRET_ACCESS_KEY = s3.credentials.secretAccessKey;
});
afterAll(async () => {
  await Promise.all([postgres?.stop(), s3?.stop(), volume && rm(volume, { recursive: true, force: true })]);
});

/** Polls `probe` until it returns true: every 10 ms, for at most 20 s (a generous bound for a busy machine). */
async function eventually(probe: () => Promise<boolean>): Promise<void> {
  const deadline = Date.now() + 20_000;
  while (!(await probe())) {
    if (Date.now() > deadline) throw new Error('the condition did not hold within 20 s');
    await delay(10);
  }
}

/** A predictor and a writer (standing for a trainer replica) on a fresh database, with artifacts in S3 or on a volume. */
async function openCluster(workers: string, artifacts: 's3' | 'file'): Promise<{ predictor: TempPredictor; writer: ConfiguredStore }> {
  const databaseUrl = await postgres.createDatabase();
  const prefix = new URL(databaseUrl).pathname.slice(1);
  const env = {
    DATABASE_URL: databaseUrl,
    ...(artifacts === 's3'
      ? { ARTIFACTS_URI: `s3://${s3.bucket}/${prefix}`, S3_ENDPOINT: s3.endpoint, S3_FORCE_PATH_STYLE: 'true' }
      : { ARTIFACTS_URI: `file://${join(volume, prefix)}` }),
    SCORING_WORKERS: workers,
  };
  const writer = await openConfiguredStore(storeSpecOf(StoreEnvSchema.parse(env)));
  return { predictor: await createTempPredictor(env), writer };
}

describe.each([
  { threads: 'on the main thread', workers: '0', artifacts: 's3' as const },
  { threads: 'with a scoring worker', workers: '1', artifacts: 'file' as const },
])('the predictor app over PostgreSQL, artifacts in $artifacts, scoring $threads', ({ workers, artifacts }) => {
  let predictor: TempPredictor;
  let writer: ConfiguredStore;
  beforeAll(async () => {
    ({ predictor, writer } = await openCluster(workers, artifacts));
  });
  afterAll(async () => {
    await predictor?.close();
    await writer?.close();
  });

  const predictRecord = (ref = '') => request(predictor.app).post(`/predict?model_name=iris${ref ? `&model_version=${ref}` : ''}`).send(RECORD);
  const predictCsv = (ref: string) =>
    request(predictor.app).post(`/predict?model_name=iris&model_version=${ref}`).attach('input_file', Buffer.from(BIG_CSV), 'big.csv');

  it('should report the registry database and the artifact store on /ready', async () => {
    const res = await request(predictor.app).get('/ready');
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ ready: true, service: 'predictor', checks: { registry_database: { ok: true }, artifact_store: { ok: true } } });
  });

  it('should serve a version another replica stored, follow an alias it moves, and stop serving a version it deletes', async () => {
    const trained = await trainIris(5);
    await storeVersion(writer, 'iris', trained);
    await storeVersion(writer, 'iris', trained);
    const first = await predictRecord();
    expect(first.status).toBe(200);
    expect(first.body).toMatchObject({ prediction: 'Virginica', model_name: 'iris', model_version: 2 });

    await writer.setAlias('iris', 'production', 1);
    await eventually(async () => (await predictRecord()).body.model_version === 1);
    const batch = await predictCsv('production');
    expect(batch.status).toBe(200);
    expect(batch.body).toMatchObject({ model_name: 'iris', model_version: 1 });
    expect(batch.body.predictions).toHaveLength(5_000);
    const json = await request(predictor.app).post('/predict_batch?model_name=iris').send(csvToRecords(BIG_CSV));
    expect(json.body).toMatchObject({ model_name: 'iris', model_version: 1 });

    await writer.setAlias('iris', 'production', 2);
    await eventually(async () => (await predictRecord()).body.model_version === 2);
    await writer.deleteVersion('iris', 1);
    await eventually(async () => (await predictRecord('1')).status === 404);
    for (const res of [await predictRecord('1'), await predictCsv('1')]) {
      expect(res.status).toBe(404);
      expect(res.body.error).toMatchObject({ code: 'VERSION_NOT_FOUND' });
    }
    expect((await predictCsv('production')).body).toMatchObject({ model_version: 2 });
  });

  it('should preload the default version of every stored model (PRELOAD_MODELS)', async () => {
    await preloadModels(predictor.store, predictor.deps.registry, predictor.deps.scorer, predictor.deps.logger);
    expect(predictor.logs).toContainEqual(expect.objectContaining({ msg: 'model preloaded', model_name: 'iris', model_version: 2 }));
    expect(predictor.logs).toContainEqual(expect.objectContaining({ msg: 'preload finished', models: 1 }));
  });
});

describe('the predictor app while the registry database restarts', () => {
  let predictor: TempPredictor;
  let writer: ConfiguredStore;
  beforeAll(async () => {
    ({ predictor, writer } = await openCluster('1', 'file'));
    await storeVersion(writer, 'iris', await trainIris(5));
  });
  afterAll(async () => {
    await predictor?.close();
    await writer?.close();
  });

  it('should answer 503 REGISTRY_UNAVAILABLE while it is down, say so on /ready, and recover by itself', async () => {
    expect((await request(predictor.app).post('/predict?model_name=iris').send(RECORD)).status).toBe(200);
    await postgres.stopServer();
    try {
      await eventually(async () => (await request(predictor.app).post('/predict?model_name=iris').send(RECORD)).status === 503);
      const down = await request(predictor.app).post('/predict?model_name=iris').send(RECORD);
      expect(down.body.error).toMatchObject({ code: 'REGISTRY_UNAVAILABLE', message: expect.stringContaining(`127.0.0.1:${postgres.port}`) });
      expect(JSON.stringify(down.body)).not.toContain(postgres.password);
      const ready = await request(predictor.app).get('/ready');
      expect(ready.status).toBe(503);
      expect(ready.body.checks.registry_database).toMatchObject({ ok: false, message: expect.stringContaining('cannot be reached') });
      const csv = await request(predictor.app).post('/predict?model_name=iris&model_version=1').attach('input_file', Buffer.from(BIG_CSV), 'big.csv');
      expect(csv.status).toBe(503);
    } finally {
      await postgres.startServer();
    }
    await eventually(async () => (await request(predictor.app).post('/predict?model_name=iris').send(RECORD)).status === 200);
    expect((await request(predictor.app).get('/ready')).status).toBe(200);
    const batch = await request(predictor.app).post('/predict?model_name=iris&model_version=1').attach('input_file', Buffer.from(BIG_CSV), 'big.csv');
    expect(batch.status).toBe(200);
    expect(batch.body.predictions).toHaveLength(5_000);
  });
});
