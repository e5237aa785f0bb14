import { readdir } from 'node:fs/promises';
import { describe, expect, it } from '@jest/globals';
import { JobAcceptedSchema, JobListSchema, JobSchema, type Job } from '@tabula/contracts';
import { errorText, expectError, expectStatus, findLeftovers, listModelsDir, listVersions } from '../support/expectations.js';
import { getJson, postForm, sendJson, type ApiResponse } from '../support/http.js';
import type { Platform } from '../support/platform.js';
import { makeClassificationCsv } from '../support/synthetic-csv.js';
import { csvBytes, trainOk } from '../support/tabula.js';
import { usePlatform } from '../support/use-platform.js';
import { whenFolderStore } from '../support/folder-only.js';

// Stopping work nobody waits for: DELETE /jobs/{id} on a queued or a running training, a
// synchronous /train whose client went away, and TRAIN_MAX_SECONDS. Each ends the job at once,
// frees its worker, deletes its upload and stores nothing.

/** A forest that would run for many minutes on two cores: 2,000 trees on 50,000 rows. */
const LONG = { file: csvBytes(makeClassificationCsv(50_000, 5), 'long.csv'), params: '{"n_estimators": 2000, "random_state": 5}' };
const POLL_TIMEOUT_MS = 120_000;

const isActive = (job: Job) => job.status === 'queued' || job.status === 'running';

async function getJob(platform: Platform, id: string): Promise<Job> {
  const res = await getJson(`${platform.gatewayUrl}/jobs/${id}`);
  expectStatus(res, 200);
  return JobSchema.strict().parse(res.body);
}

/** Polls GET /jobs/{id} until `isDone`; bounded, so a job that never gets there fails the test. */
async function waitForJob(platform: Platform, id: string, isDone: (job: Job) => boolean): Promise<Job> {
  const deadline = Date.now() + POLL_TIMEOUT_MS;
  for (;;) {
    const job = await getJob(platform, id);
    if (isDone(job)) return job;
    if (Date.now() > deadline) throw new Error(`job ${id} is still ${job.status} (${JSON.stringify(job.progress)}) after ${POLL_TIMEOUT_MS} ms`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

/** Until the forest has grown a tree: the worker is deep in CPU work, not parsing or waiting. */
const isGrowingTrees = (job: Job) => !isActive(job) || (job.progress.done ?? 0) >= 1;

async function submitLong(platform: Platform, name: string): Promise<string> {
  const res = await postForm(`${platform.gatewayUrl}/train?async=true`, { target_column: 'label', model_name: name, model_params: LONG.params }, { dataset_file: LONG.file });
  expectStatus(res, 202);
  return JobAcceptedSchema.parse(res.body).job_id;
}

const cancel = (platform: Platform, id: string): Promise<ApiResponse> => sendJson('DELETE', `${platform.gatewayUrl}/jobs/${id}`);

/** Files the trainer has spooled and not yet deleted, waited for until none is left (bounded). */
async function waitForNoUploads(platform: Platform): Promise<string[]> {
  const deadline = Date.now() + POLL_TIMEOUT_MS;
  for (;;) {
    const entries = await readdir(platform.uploadDir, { recursive: true, withFileTypes: true });
    const files = entries.filter((entry) => entry.isFile()).map((entry) => entry.name);
    if (files.length === 0 || Date.now() > deadline) return files;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

async function expectNothingStored(platform: Platform, name: string): Promise<void> {
  expect(await listVersions(platform, name)).toEqual([]);
  await whenFolderStore(async () => expect(findLeftovers(await listModelsDir(platform.modelsDir))).toEqual([]));
}

describe('cancelling training jobs, through the gateway (TRAINER_WORKERS=1, TRAINER_QUEUE_MAX=2)', () => {
  const platform = usePlatform({ env: { TRAINER_WORKERS: '1', TRAINER_QUEUE_MAX: '2' } });

  describe('DELETE /jobs/{id}', () => {
    it('should cancel a queued job: out of the queue at once, never started, nothing stored', async () => {
      const running = await submitLong(platform, 'holds-the-worker');
      await waitForJob(platform, running, (job) => job.status !== 'queued');
      const queued = await submitLong(platform, 'never-started');
      expect((await getJob(platform, queued)).status).toBe('queued');

      const res = await cancel(platform, queued);
      expectStatus(res, 200);
      const cancelled = JobSchema.strict().parse(res.body);
      expect(cancelled).toMatchObject({ job_id: queued, status: 'cancelled', started_at: null, run_ms: null, error: { code: 'JOB_CANCELLED' } });
      expect(cancelled.finished_at).not.toBeNull();
      expect(await getJob(platform, queued)).toEqual({ ...cancelled, queue_ms: expect.any(Number) });

      expectStatus(await cancel(platform, running), 200);
      expect(await waitForNoUploads(platform)).toEqual([]);
      await expectNothingStored(platform, 'never-started');
    }, POLL_TIMEOUT_MS * 2);

    it('should stop a running forest in the middle of its trees and free the worker: the next training completes', async () => {
      const id = await submitLong(platform, 'stopped');
      const growing = await waitForJob(platform, id, isGrowingTrees);
      expect(growing.status).toBe('running');

      const res = await cancel(platform, id);
      expectStatus(res, 200);
      expect(res.body).toMatchObject({ status: 'cancelled', error: { code: 'JOB_CANCELLED', message: expect.stringContaining('DELETE /jobs/') } });
      const job = await getJob(platform, id);
      expect(job.status).toBe('cancelled');
      expect(job.progress.done).toBeLessThan(2000);

      // The only worker: had the forest kept it, this would wait for its 2,000 trees.
      expect((await trainOk(platform, { model_name: 'next' })).body).toMatchObject({ model_name: 'next', version: 1 });
      expect(await waitForNoUploads(platform)).toEqual([]);
      await expectNothingStored(platform, 'stopped');
      const { jobs } = JobListSchema.parse((await getJson(`${platform.gatewayUrl}/jobs?status=cancelled`)).body);
      expect(jobs.map((listed) => listed.job_id)).toContain(id);
    }, POLL_TIMEOUT_MS * 2);

    it('should answer 409 CONFLICT for a job that has ended, and 404 JOB_NOT_FOUND for one it does not know', async () => {
      const { jobs } = JobListSchema.parse((await getJson(`${platform.gatewayUrl}/jobs?status=succeeded&limit=1`)).body);
      expect(jobs).toHaveLength(1);
      const ended = await cancel(platform, jobs[0].job_id);
      expectError(ended, ['CONFLICT'], platform);
      expect(errorText(ended)).toContain('succeeded');
      expect((await getJob(platform, jobs[0].job_id)).status).toBe('succeeded');

      const { jobs: cancelled } = JobListSchema.parse((await getJson(`${platform.gatewayUrl}/jobs?status=cancelled&limit=1`)).body);
      expectError(await cancel(platform, cancelled[0].job_id), ['CONFLICT'], platform);
      expectError(await cancel(platform, 'no-such-job'), ['JOB_NOT_FOUND'], platform);
    });
  });

  describe('a synchronous POST /train whose client disconnects', () => {
    it('should cancel its job and free the worker', async () => {
      const client = new AbortController();
      const form = new FormData();
      form.append('dataset_file', new Blob([LONG.file.content as string], { type: 'text/csv' }), 'long.csv');
      for (const [name, value] of Object.entries({ target_column: 'label', model_name: 'walked-away', model_params: LONG.params })) form.append(name, value);
      const waiting = fetch(`${platform.gatewayUrl}/train`, { method: 'POST', body: form, signal: client.signal }).catch((error: unknown) => error);

      let id: string | undefined;
      const deadline = Date.now() + POLL_TIMEOUT_MS;
      while (id === undefined && Date.now() < deadline) {
        const { jobs } = JobListSchema.parse((await getJson(`${platform.gatewayUrl}/jobs?status=running`)).body);
        id = jobs.find((job) => job.model_name === 'walked-away')?.job_id;
        if (id === undefined) await new Promise((resolve) => setTimeout(resolve, 20));
      }
      if (id === undefined) throw new Error('the synchronous training never started');
      await waitForJob(platform, id, isGrowingTrees);
      client.abort();
      expect(await waiting).toMatchObject({ name: 'AbortError' });

      const job = await waitForJob(platform, id, (seen) => !isActive(seen));
      expect(job).toMatchObject({ status: 'cancelled', async: false, error: { code: 'JOB_CANCELLED', message: expect.stringContaining('disconnected') } });
      expect((await trainOk(platform, { model_name: 'after-walk-away' })).body.version).toBe(1);
      expect(await waitForNoUploads(platform)).toEqual([]);
      await expectNothingStored(platform, 'walked-away');
    }, POLL_TIMEOUT_MS * 2);
  });
});

describe('TRAIN_MAX_SECONDS=1, through the gateway (TRAINER_WORKERS=1)', () => {
  const platform = usePlatform({ env: { TRAINER_WORKERS: '1', TRAIN_MAX_SECONDS: '1' } });

  it('should fail a training that runs longer with TIME_LIMIT_EXCEEDED naming the limit and the setting, and free its worker', async () => {
    const id = await submitLong(platform, 'too-long');
    const job = await waitForJob(platform, id, (seen) => !isActive(seen));
    expect(job).toMatchObject({ status: 'failed', error: { code: 'TIME_LIMIT_EXCEEDED' } });
    expect(job.error?.message).toMatch(/1 s\b.*TRAIN_MAX_SECONDS|TRAIN_MAX_SECONDS.*\b1 s\b/);
    expect(job.run_ms).toBeGreaterThanOrEqual(1_000);

    // The worker is free again: the next job gets it (and meets the same limit).
    const next = await submitLong(platform, 'too-long-again');
    expect((await waitForJob(platform, next, (seen) => seen.status !== 'queued')).started_at).not.toBeNull();
    expect((await waitForJob(platform, next, (seen) => !isActive(seen))).error?.code).toBe('TIME_LIMIT_EXCEEDED');
    expect(await waitForNoUploads(platform)).toEqual([]);
    await expectNothingStored(platform, 'too-long');
  }, POLL_TIMEOUT_MS * 2);
});
