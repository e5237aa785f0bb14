import { mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { fileURLToPath } from 'node:url';
import type { Job } from '@tabula/contracts';
import { claimScratchDir, openModelStore, type ModelStore } from '@tabula/model-store';
import { createLogger } from '@tabula/service-kit';
import type { Express } from 'express';
import request from 'supertest';
import { createApp } from '#dist/app.js';
import { loadTrainerConfig } from '#dist/config.js';
import { createTrainerDeps } from '#dist/trainer-deps.js';

/** samples/iris.csv of the repository, from this file's place in services/trainer/dist/test/. */
export const IRIS_CSV = fileURLToPath(new URL('../../../../samples/iris.csv', import.meta.url));

/** A small forest, seeded: trains in well under a second, and the same way every run. */
export const IRIS_FORM = { target_column: 'variety', model_name: 'iris', model_params: '{"n_estimators": 10}', random_state: '7' };

export interface TestTrainer {
  app: Express;
  /** The temp models volume, read directly to check what the routes wrote. */
  store: ModelStore;
  /**
   * Uploads left in the upload dir once deletion has had its chance: a finished request's upload is
   * removed when its connection closes, just after the answer, so this polls (boundedly) for an empty dir.
   */
  listUploads: () => Promise<string[]>;
  /** Stops the worker thread and deletes the temp dirs. */
  close: () => Promise<void>;
}

/**
 * The trainer as the server builds it (createApp over a real store and a real training worker
 * thread), on a temp models dir and upload dir, with the environment given (e.g. MAX_UPLOAD_MB).
 * It never listens: supertest drives it.
 */
export async function testTrainer(env: Record<string, string> = {}): Promise<TestTrainer> {
  const root = await mkdtemp(join(tmpdir(), 'tabula-trainer-test-'));
  const config = loadTrainerConfig({
    MODELS_DIR: join(root, 'models'),
    UPLOAD_DIR: join(root, 'uploads'),
    TRAINER_WORKERS: '1',
    LOG_LEVEL: 'silent',
    ...env,
  });
  const store = openModelStore(config.MODELS_DIR);
  const uploads = await claimScratchDir(config.UPLOAD_DIR);
  const deps = createTrainerDeps(config, { store, uploadDir: uploads.dir, logger: createLogger('trainer', config.LOG_LEVEL) });
  const app = createApp(deps);
  return {
    app,
    store,
    listUploads: () => waitForEmptyDir(uploads.dir),
    close: async () => {
      await deps.jobs.close();
      await rm(root, { recursive: true, force: true });
    },
  };
}

/** POST /train with samples/iris.csv and the form fields given (IRIS_FORM's by default). */
export function postIris(app: Express, fields: Record<string, string> = IRIS_FORM, path = '/train'): request.Test {
  const req = request(app).post(path);
  for (const [name, value] of Object.entries(fields)) void req.field(name, value);
  return req.attach('dataset_file', IRIS_CSV);
}

async function waitForEmptyDir(dir: string): Promise<string[]> {
  let names = await readdir(dir);
  for (let i = 0; i < POLLS_MAX && names.length > 0; i++) {
    await sleep(POLL_INTERVAL_MS / 4);
    names = await readdir(dir);
  }
  return names;
}

const POLLS_MAX = 600;
const POLL_INTERVAL_MS = 100;

/** GET /jobs/{id} until the job has ended (a bounded number of polls, each a request the trainer answers). */
export async function waitForJob(app: Express, jobId: string): Promise<Job> {
  for (let i = 0; i < POLLS_MAX; i++) {
    const res = await request(app).get(`/jobs/${jobId}`).expect(200);
    const job = res.body as Job;
    if (job.status !== 'queued' && job.status !== 'running') return job;
    await sleep(POLL_INTERVAL_MS);
  }
  throw new Error(`job ${jobId} did not end after ${POLLS_MAX} polls`);
}
