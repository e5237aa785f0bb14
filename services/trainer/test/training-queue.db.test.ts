import { readFile, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { JobSchema, type Job } from '@tabula/contracts';
import { openConfiguredStore, type ConfiguredStore } from '@tabula/model-store';
import { startTestPostgres, type TestPostgres } from '@tabula/model-store/testing';
import { createUniformRng } from '@tabula/tabular';
import { IRIS_CSV } from './test-trainer.js';
import { startTrainerProcess, type LogLine, type TrainerProcess } from './trainer-process.js';

// Two real trainer processes on one PostgreSQL and one artifact folder (file://), as cluster mode runs them.
let postgres: TestPostgres;
let env: (name: string) => Record<string, string>;
let root: string;
let store: ConfiguredStore;
let trainers: TrainerProcess[] = [];
/** Trainers a single test starts; killed after all, should the test fail before it stops them. */
const extras: TrainerProcess[] = [];

const TEST_TIMEOUT_MS = 300_000;
const POLLS_MAX = 1_200;

beforeAll(async () => {
  postgres = await startTestPostgres();
  root = await mkdtemp(join(tmpdir(), 'tabula-queue-'));
  const databaseUrl = await postgres.createDatabase();
  env = (name: string) => ({
    DATABASE_URL: databaseUrl,
    ARTIFACTS_URI: pathToFileURL(join(root, 'artifacts')).href,
    UPLOAD_DIR: join(root, `uploads-${name}`),
    TRAINER_WORKERS: '1',
    TRAINER_QUEUE_MAX: '40',
    // The shortest lease the setting allows, so the takeover below is quick.
    TRAINER_JOB_LEASE_SECONDS: '3',
  });
  trainers = await Promise.all([startTrainerProcess(env('a')), startTrainerProcess(env('b'))]);
  store = await openConfiguredStore({ kind: 'postgres', databaseUrl, artifactsUri: pathToFileURL(join(root, 'artifacts')).href, s3: { forcePathStyle: false, region: 'us-east-1' } });
}, TEST_TIMEOUT_MS);

afterAll(async () => {
  await Promise.all([...trainers, ...extras].map((trainer) => trainer.stop('SIGKILL')));
  await store?.close();
  await postgres?.stop();
  if (root) await rm(root, { recursive: true, force: true });
});

async function postTrain(trainer: TrainerProcess, csv: Blob, fields: Record<string, string>, path = '/train'): Promise<{ status: number; body: Record<string, unknown> }> {
  const form = new FormData();
  for (const [name, value] of Object.entries(fields)) form.append(name, value);
  form.append('dataset_file', csv, 'data.csv');
  const res = await fetch(`${trainer.url}${path}`, { method: 'POST', body: form });
  return { status: res.status, body: (await res.json()) as Record<string, unknown> };
}

async function getJob(trainer: TrainerProcess, id: string): Promise<Job> {
  const res = await fetch(`${trainer.url}/jobs/${id}`);
  expect(res.status).toBe(200);
  return JobSchema.parse(await res.json());
}

/** GET /jobs/{id} on `trainer` until the job has ended (bounded polls). */
async function waitForEnd(trainer: TrainerProcess, id: string): Promise<Job> {
  for (let i = 0; i < POLLS_MAX; i++) {
    const job = await getJob(trainer, id);
    if (job.status !== 'queued' && job.status !== 'running') return job;
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  throw new Error(`job ${id} did not end`);
}

/** A made-up classification CSV large enough that a forest of many trees takes seconds to fit. */
function slowCsv(nRows: number): Blob {
  const next = createUniformRng(11);
  const lines = ['x1,x2,x3,x4,x5,x6,label'];
  for (let row = 0; row < nRows; row++) {
    const x = Array.from({ length: 6 }, () => next() * 10 - 5);
    const score = x[0] - 0.8 * x[1] + 0.5 * x[2] * x[3] + Math.sin(x[4]) + (next() - 0.5) * 4;
    lines.push(`${x.map((value) => value.toFixed(3)).join(',')},${score > 0 ? 'yes' : 'no'}`);
  }
  return new Blob([lines.join('\n') + '\n'], { type: 'text/csv' });
}

describe('cluster mode: the bounded queue (TRAINER_WORKERS=1, TRAINER_QUEUE_MAX=1)', () => {
  it(
    'should answer 429 with Retry-After once one job waits cluster-wide, and cancel a queued job at once',
    async () => {
      const databaseUrl = await postgres.createDatabase();
      const trainer = await startTrainerProcess({
        DATABASE_URL: databaseUrl,
        ARTIFACTS_URI: pathToFileURL(join(root, 'artifacts-bounded')).href,
        UPLOAD_DIR: join(root, 'uploads-bounded'),
        TRAINER_WORKERS: '1',
        TRAINER_QUEUE_MAX: '1',
      });
      extras.push(trainer);
      const fields = { target_column: 'label', model_name: 'bounded', model_params: '{"n_estimators": 300}' };
      const running = (await postTrain(trainer, slowCsv(40_000), fields, '/train?async=true')).body.job_id as string;
      await trainer.waitForLog(startedLine(running));
      const queued = await postTrain(trainer, slowCsv(100), fields, '/train?async=true');
      expect(queued.status).toBe(202);

      const form = new FormData();
      for (const [name, value] of Object.entries(fields)) form.append(name, value);
      form.append('dataset_file', slowCsv(100), 'data.csv');
      const refused = await fetch(`${trainer.url}/train`, { method: 'POST', body: form });
      expect(refused.status).toBe(429);
      expect(refused.headers.get('retry-after')).toMatch(/^[1-9][0-9]*$/);
      expect(((await refused.json()) as { error: { code: string; message: string } }).error).toMatchObject({ code: 'TOO_MANY_REQUESTS', message: expect.stringContaining('queue is full') });

      for (const id of [queued.body.job_id as string, running]) {
        const res = await fetch(`${trainer.url}/jobs/${id}`, { method: 'DELETE' });
        expect(res.status).toBe(200);
        expect(JobSchema.parse(await res.json()).status).toBe('cancelled');
      }
      // An orderly stop (SIGTERM) with nothing left to hand back.
      await trainer.stop('SIGTERM');
      expect((await trainer.waitForLog((line) => line.msg === 'shutting down')).signal).toBe('SIGTERM');
    },
    TEST_TIMEOUT_MS,
  );
});

const startedLine = (id: string) => (line: LogLine) => line.msg === 'training started' && line.job_id === id;

describe('cluster mode: the durable training queue over two trainer processes', () => {
  it('should report the database and the artifact store on /ready', async () => {
    const res = await fetch(`${trainers[0].url}/ready`);
    expect(res.status).toBe(200);
    expect(await res.json()).toMatchObject({ ready: true, service: 'trainer', checks: { database: { ok: true }, artifact_store: { ok: true } } });
  });

  it(
    'should give 20 concurrent trainings through both trainers 20 distinct versions, 1 to 20, without gaps',
    async () => {
      const iris = new Blob([await readFile(IRIS_CSV)], { type: 'text/csv' });
      const fields = { target_column: 'variety', model_name: 'iris-20', model_params: '{"n_estimators": 5}', random_state: '1' };
      const answers = await Promise.all(Array.from({ length: 20 }, (_, i) => postTrain(trainers[i % 2], iris, fields)));
      expect(answers.map((answer) => answer.status)).toEqual(Array(20).fill(201));
      const versions = answers.map((answer) => answer.body.version as number).sort((a, b) => a - b);
      expect(versions).toEqual(Array.from({ length: 20 }, (_, i) => i + 1));
      expect((await store.listVersions('iris-20')).map((metadata) => metadata.version)).toEqual(versions);
      // Each job reads the same from either trainer.
      const listed = (await (await fetch(`${trainers[1].url}/jobs?status=succeeded&limit=100`)).json()) as { jobs: Job[] };
      expect(listed.jobs.filter((job) => job.model_name === 'iris-20')).toHaveLength(20);
    },
    TEST_TIMEOUT_MS,
  );

  it(
    'should cancel a running job with DELETE /jobs/{id} sent to the trainer that does not run it',
    async () => {
      const fields = { target_column: 'label', model_name: 'cancelled', model_params: '{"n_estimators": 300}' };
      const accepted = await postTrain(trainers[1], slowCsv(40_000), fields, '/train?async=true');
      const id = accepted.body.job_id as string;
      const runner = await Promise.race(trainers.map((trainer) => trainer.waitForLog(startedLine(id)).then(() => trainer)));
      const other = trainers.find((trainer) => trainer !== runner) as TrainerProcess;
      const res = await fetch(`${other.url}/jobs/${id}`, { method: 'DELETE' });
      expect(res.status).toBe(200);
      expect(JobSchema.parse(await res.json())).toMatchObject({ status: 'cancelled', error: { code: 'JOB_CANCELLED' } });
      expect(await getJob(runner, id)).toMatchObject({ status: 'cancelled' });
      const again = await fetch(`${runner.url}/jobs/${id}`, { method: 'DELETE' });
      expect(again.status).toBe(409);
      await expect(store.listVersions('cancelled')).rejects.toMatchObject({ code: 'MODEL_NOT_FOUND' });
    },
    TEST_TIMEOUT_MS,
  );

  it(
    'should cancel a synchronous training whose client disconnects, wherever it runs',
    async () => {
      const form = new FormData();
      for (const [name, value] of Object.entries({ target_column: 'label', model_name: 'gone', model_params: '{"n_estimators": 300}' })) form.append(name, value);
      form.append('dataset_file', slowCsv(40_000), 'data.csv');
      const client = new AbortController();
      const answer = fetch(`${trainers[0].url}/train`, { method: 'POST', body: form, signal: client.signal }).catch(() => undefined);
      const queued = await trainers[0].waitForLog((line) => line.msg === 'training queued' && line.model_name === 'gone');
      const id = queued.job_id as string;
      await Promise.race(trainers.map((trainer) => trainer.waitForLog(startedLine(id))));
      client.abort();
      await answer;
      expect(await waitForEnd(trainers[1], id)).toMatchObject({ status: 'cancelled', error: { code: 'JOB_CANCELLED', message: expect.stringContaining('disconnected') } });
      await expect(store.listVersions('gone')).rejects.toMatchObject({ code: 'MODEL_NOT_FOUND' });
    },
    TEST_TIMEOUT_MS,
  );

  it(
    'should hand a running job to the other trainer at once when its trainer stops with SIGTERM',
    async () => {
      const fields = { target_column: 'label', model_name: 'handed-back', model_params: '{"n_estimators": 200}', random_state: '5' };
      const id = (await postTrain(trainers[0], slowCsv(30_000), fields, '/train?async=true')).body.job_id as string;
      const runner = await Promise.race(trainers.map((trainer) => trainer.waitForLog(startedLine(id)).then(() => trainer)));
      const other = trainers.find((trainer) => trainer !== runner) as TrainerProcess;
      await runner.stop('SIGTERM');
      expect((await other.waitForLog(startedLine(id))).attempt).toBe(2);
      expect(await waitForEnd(other, id)).toMatchObject({ status: 'succeeded', result: { model_name: 'handed-back', version: 1 } });
      // A new trainer in its place, for the tests that follow.
      trainers[trainers.indexOf(runner)] = await startTrainerProcess(env('c'));
    },
    TEST_TIMEOUT_MS,
  );

  it(
    'should finish on the other trainer a job whose trainer was killed with kill -9 mid-training, with exactly one version',
    async () => {
      const fields = { target_column: 'label', model_name: 'takeover', model_params: '{"n_estimators": 300}', random_state: '3' };
      const accepted = await postTrain(trainers[0], slowCsv(40_000), fields, '/train?async=true');
      expect(accepted.status).toBe(202);
      const id = accepted.body.job_id as string;
      // Whichever trainer took it: wait for the event, then kill that one.
      const runner = await Promise.race(trainers.map((trainer) => trainer.waitForLog(startedLine(id)).then(() => trainer)));
      const other = trainers.find((trainer) => trainer !== runner) as TrainerProcess;
      expect((await getJob(other, id)).status).toBe('running');
      const killedAt = Date.now();
      await runner.stop('SIGKILL');

      const takenOver = await other.waitForLog(startedLine(id));
      expect(takenOver.attempt).toBe(2);
      const job = await waitForEnd(other, id);
      expect(job).toMatchObject({ status: 'succeeded', result: { model_name: 'takeover', version: 1 } });
      expect((await store.listVersions('takeover')).map((metadata) => metadata.version)).toEqual([1]);
      // The takeover time (kill → running on the other trainer), measured for the report, not held to a budget.
      process.stdout.write(`takeover after kill -9: ${new Date(takenOver.time ?? killedAt).getTime() - killedAt} ms\n`);
    },
    TEST_TIMEOUT_MS,
  );
});
