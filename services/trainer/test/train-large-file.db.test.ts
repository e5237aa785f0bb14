import { readFile } from 'node:fs/promises';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { TrainResponseSchema } from '@tabula/contracts';
import { StoreEnvSchema, openConfiguredStore, storeSpecOf, type ConfiguredStore } from '@tabula/model-store';
import { startTestPostgres, type TestPostgres } from '@tabula/model-store/testing';
import { startS3TestServer, type S3TestServer } from '@tabula/model-store/testing/s3';
import { IRIS_CSV, IRIS_FORM } from './test-trainer.js';
import { startTrainerProcess, type TrainerProcess } from './trainer-process.js';

// Cluster mode with S3 artifacts: the upload is staged in the bucket with putFile and read back with getFile (both
// streamed), then trained on the streaming path (TRAINER_STREAMING_MIN_MB=0 sends every eligible file there).
let postgres: TestPostgres;
let s3: S3TestServer;
let trainer: TrainerProcess;
let store: ConfiguredStore;

const TIMEOUT_MS = 300_000;

beforeAll(async () => {
  [postgres, s3] = await Promise.all([startTestPostgres(), startS3TestServer('tabula-bigtrain')]);
  const env = {
    DATABASE_URL: await postgres.createDatabase(),
    ARTIFACTS_URI: `s3://${s3.bucket}/cluster`,
    S3_ENDPOINT: s3.endpoint,
    S3_FORCE_PATH_STYLE: 'true',
    AWS_ACCESS_KEY_ID: s3.credentials.accessKeyId,
    AWS_SECRET_ACCESS_KEY: s3.credentials.secretAccessKey,
    TRAINER_WORKERS: '1',
    TRAINER_STREAMING_MIN_MB: '0',
  };
  trainer = await startTrainerProcess(env);
  // This process reads the bucket too, with credentials from the AWS SDK's default chain as the services do.
  process.env.AWS_ACCESS_KEY_ID = s3.credentials.accessKeyId;
  process.env.AWS_SECRET_ACCESS_KEY = s3.credentials.secretAccessKey;
  store = await openConfiguredStore(storeSpecOf(StoreEnvSchema.parse(env)));
}, TIMEOUT_MS);

afterAll(async () => {
  await trainer?.stop('SIGKILL');
  await store?.close();
  await Promise.all([postgres?.stop(), s3?.stop()]);
});

describe('POST /train in cluster mode (PostgreSQL + s3://) past TRAINER_STREAMING_MIN_MB', () => {
  it(
    'should stage the upload in the bucket, train it on the streaming path and store a version the store reads back',
    async () => {
      const form = new FormData();
      for (const [name, value] of Object.entries(IRIS_FORM)) form.append(name, value);
      form.append('dataset_file', new Blob([await readFile(IRIS_CSV)]), 'iris.csv');
      const res = await fetch(`${trainer.url}/train`, { method: 'POST', body: form });
      expect(res.status).toBe(201);
      const trained = TrainResponseSchema.parse(await res.json());
      expect(trained).toMatchObject({ model_name: 'iris', n_rows: 150, status: 'ready' });
      const metadata = await store.readMetadata('iris', trained.version);
      expect(metadata.params.engine_options).toMatchObject({ trainer: 'trainForestOnBinsSync', streaming: { passes: 2 } });
      expect(Object.keys(await store.readArtifacts('iris', trained.version))).toContain('model.json');
    },
    TIMEOUT_MS,
  );
});
