import { existsSync } from 'node:fs';
import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from '@jest/globals';
import { TabulaError, TrainFormSchema, type TrainResponse, type TrainingProgress } from '@tabula/contracts';
import { ServiceMetrics, createLogger, type RunOptions } from '@tabula/service-kit';
import type { TrainModelInput } from '../domain/train-model.js';
import { claimSaveGate } from './save-gate.js';
import { TrainingJobs, type TrainingJobInput, type TrainingPool } from './training-jobs.js';
import { TrainingMetrics } from './training-metrics.js';

const RESULT = { model_name: 'iris', version: 1 } as TrainResponse;

/**
 * A pool of `size` pretend workers whose jobs the test starts, advances and ends by hand. Like the
 * real pool, an aborted signal rejects the job with its reason; `stopped` counts those.
 */
function fakePool(size: number) {
  type FakeJob = RunOptions<TrainingProgress> & { input: TrainingJobInput; resolve: (r: TrainResponse) => void; reject: (e: unknown) => void };
  const jobs: FakeJob[] = [];
  let closed = false;
  let stopped = 0;
  const pool: TrainingPool = {
    size,
    run: (input, options = {}) =>
      new Promise<TrainResponse>((resolve, reject) => {
        jobs.push({ ...options, input, resolve, reject });
        options.signal?.addEventListener('abort', () => {
          stopped++;
          reject(options.signal?.reason);
        });
        if (jobs.length <= size) options.onStart?.();
      }),
    close: async () => {
      closed = true;
      for (const job of jobs) job.reject(new TabulaError('MODEL_NOT_READY', 'The service shut down before this job could finish.'));
    },
  };
  return { pool, jobs, isClosed: () => closed, stopped: () => stopped };
}

async function upload(): Promise<TrainModelInput> {
  const csvPath = join(await mkdtemp(join(tmpdir(), 'tabula-jobs-')), 'upload.csv');
  await writeFile(csvPath, 'a,b\n1,x\n');
  return { csvPath, form: TrainFormSchema.parse({ target_column: 'b', model_name: 'iris' }) };
}

const settled = () => new Promise((resolve) => setImmediate(resolve));
const logger = createLogger('test', 'silent');
const metrics = new TrainingMetrics(new ServiceMetrics('test'));

describe('TrainingJobs', () => {
  describe('.submit(input, { isAsync })', () => {
    it('should follow the job from queued to running to succeeded, with its progress, and delete the upload at the end', async () => {
      const { pool, jobs: running } = fakePool(1);
      const jobs = new TrainingJobs({ pool, queueMax: 1, logger, metrics });
      const input = await upload();
      const { job, done } = jobs.submit(input, { isAsync: true });
      expect(job.status).toBe('running');
      running[0].onProgress?.({ stage: 'fitting', done: 3, total: 4, unit: 'trees' });
      expect(jobs.get(job.job_id).progress).toEqual({ stage: 'fitting', done: 3, total: 4, unit: 'trees' });
      expect(existsSync(input.csvPath)).toBe(true);

      running[0].resolve(RESULT);
      await expect(done).resolves.toEqual(RESULT);
      expect(jobs.get(job.job_id)).toMatchObject({ status: 'succeeded', result: RESULT, progress: { stage: 'done', done: 3, total: 4 } });
      expect(existsSync(input.csvPath)).toBe(false);
    });

    it('should time each training by model type and outcome in tabula_training_duration_seconds', async () => {
      const serviceMetrics = new ServiceMetrics('trainer');
      const { pool, jobs: running } = fakePool(2);
      const jobs = new TrainingJobs({ pool, queueMax: 1, logger, metrics: new TrainingMetrics(serviceMetrics) });
      const succeeded = jobs.submit(await upload(), { isAsync: false });
      running[0].resolve(RESULT);
      await succeeded.done;
      const failed = jobs.submit(await upload(), { isAsync: false });
      running[1].reject(new TabulaError('INVALID_INPUT', 'The target column has one class.'));
      await expect(failed.done).rejects.toMatchObject({ code: 'INVALID_INPUT' });

      const timed = (await serviceMetrics.registry.getSingleMetric('tabula_training_duration_seconds')?.get())?.values ?? [];
      const counts = timed.filter((sample) => 'metricName' in sample && sample.metricName === 'tabula_training_duration_seconds_count');
      expect(counts).toEqual([
        expect.objectContaining({ value: 1, labels: { model_type: 'RandomForestClassifier', outcome: 'succeeded' } }),
        expect.objectContaining({ value: 1, labels: { model_type: 'RandomForestClassifier', outcome: 'failed' } }),
      ]);
    });

    it('should record a failure as the error object of the body /train would answer, and still reject done', async () => {
      const { pool, jobs: running } = fakePool(1);
      const jobs = new TrainingJobs({ pool, queueMax: 1, logger, metrics });
      const input = await upload();
      const { job, done } = jobs.submit(input, { isAsync: false });
      running[0].reject(new TabulaError('INVALID_INPUT', 'The target column has one class.', { hint: 'Add rows of another class.' }));
      await expect(done).rejects.toMatchObject({ code: 'INVALID_INPUT' });
      await settled();
      expect(jobs.get(job.job_id)).toMatchObject({
        status: 'failed',
        async: false,
        error: { code: 'INVALID_INPUT', message: 'The target column has one class.', hint: 'Add rows of another class.' },
      });
      expect(existsSync(input.csvPath)).toBe(false);
    });

    it('should refuse with 429 and a Retry-After estimate once every worker is busy and queueMax jobs wait', async () => {
      const { pool } = fakePool(1);
      const jobs = new TrainingJobs({ pool, queueMax: 1, logger, metrics });
      jobs.submit(await upload(), { isAsync: true });
      const waiting = jobs.submit(await upload(), { isAsync: true });
      expect(waiting.job.status).toBe('queued');

      expect(() => jobs.submit({ csvPath: '/nonexistent', form: TrainFormSchema.parse({ target_column: 'b' }) }, { isAsync: false })).toThrow(
        expect.objectContaining({
          code: 'TOO_MANY_REQUESTS',
          status: 429,
          retryAfterS: expect.any(Number),
          message: expect.stringContaining('1 training is running and 1 waiting'),
        }),
      );
      expect(jobs.list({ limit: 10 }).jobs).toHaveLength(2);
    });

    it('should refuse any wait when queueMax is 0', async () => {
      const { pool } = fakePool(1);
      const jobs = new TrainingJobs({ pool, queueMax: 0, logger, metrics });
      jobs.submit(await upload(), { isAsync: true });
      expect(() => jobs.submit({ csvPath: '/nonexistent', form: TrainFormSchema.parse({ target_column: 'b' }) }, { isAsync: true })).toThrow(
        expect.objectContaining({ code: 'TOO_MANY_REQUESTS' }),
      );
    });
  });

  describe('.cancel(id)', () => {
    it('should end a queued job cancelled, delete its upload and reject done with JOB_CANCELLED', async () => {
      const { pool, stopped } = fakePool(1);
      const jobs = new TrainingJobs({ pool, queueMax: 1, logger, metrics });
      jobs.submit(await upload(), { isAsync: true });
      const input = await upload();
      const { job, done } = jobs.submit(input, { isAsync: false });
      expect(job.status).toBe('queued');

      const cancelled = await jobs.cancel(job.job_id);
      expect(cancelled).toMatchObject({ status: 'cancelled', started_at: null, error: { code: 'JOB_CANCELLED', message: expect.stringContaining('DELETE /jobs/') } });
      expect(cancelled.finished_at).not.toBeNull();
      await expect(done).rejects.toMatchObject({ code: 'JOB_CANCELLED', status: 409 });
      expect(existsSync(input.csvPath)).toBe(false);
      expect(stopped()).toBe(1);
      expect(jobs.list({ status: 'cancelled', limit: 10 }).jobs).toHaveLength(1);
    });

    it('should answer CONFLICT for a job that has ended, and leave it as it was', async () => {
      const { pool, jobs: running } = fakePool(1);
      const jobs = new TrainingJobs({ pool, queueMax: 1, logger, metrics });
      const { job, done } = jobs.submit(await upload(), { isAsync: true });
      running[0].resolve(RESULT);
      await done;
      await expect(jobs.cancel(job.job_id)).rejects.toMatchObject({ code: 'CONFLICT', status: 409, message: expect.stringContaining('already succeeded') });
      expect(jobs.get(job.job_id).status).toBe('succeeded');
      await expect(jobs.cancel('no-such-job')).rejects.toMatchObject({ code: 'JOB_NOT_FOUND' });
    });

    it('should answer CONFLICT, and not stop the job, once its worker has begun to write the version', async () => {
      const { pool, jobs: running, stopped } = fakePool(1);
      const jobs = new TrainingJobs({ pool, queueMax: 1, logger, metrics });
      const { job, done } = jobs.submit(await upload(), { isAsync: true });
      expect(claimSaveGate(running[0].input.saveGate)).toBe(true);
      await expect(jobs.cancel(job.job_id)).rejects.toMatchObject({ code: 'CONFLICT', message: expect.stringContaining('writing its model version') });
      running[0].resolve(RESULT);
      await expect(done).resolves.toEqual(RESULT);
      expect(stopped()).toBe(0);
    });

    it("should close the save gate, so a worker that reaches it after the stop writes nothing", async () => {
      const { pool, jobs: running } = fakePool(1);
      const jobs = new TrainingJobs({ pool, queueMax: 1, logger, metrics });
      const { job } = jobs.submit(await upload(), { isAsync: true });
      await jobs.cancel(job.job_id);
      expect(claimSaveGate(running[0].input.saveGate)).toBe(false);
    });
  });

  describe('.submit(input, { clientGone }) and maxRunSeconds', () => {
    it('should cancel a synchronous job whose client has gone', async () => {
      const { pool } = fakePool(1);
      const jobs = new TrainingJobs({ pool, queueMax: 1, logger, metrics });
      const clientGone = new AbortController();
      const { job, done } = jobs.submit(await upload(), { isAsync: false, clientGone: clientGone.signal });
      clientGone.abort();
      await expect(done).rejects.toMatchObject({ code: 'JOB_CANCELLED', message: expect.stringContaining('disconnected') });
      expect(jobs.get(job.job_id)).toMatchObject({ status: 'cancelled', async: false });
    });

    it('should fail a job running longer than maxRunSeconds with TIME_LIMIT_EXCEEDED, naming the limit and TRAIN_MAX_SECONDS', async () => {
      const { pool } = fakePool(1);
      const jobs = new TrainingJobs({ pool, queueMax: 1, maxRunSeconds: 0.05, logger, metrics });
      const input = await upload();
      const { job, done } = jobs.submit(input, { isAsync: true });
      await expect(done).rejects.toMatchObject({ code: 'TIME_LIMIT_EXCEEDED', status: 413 });
      expect(jobs.get(job.job_id)).toMatchObject({
        status: 'failed',
        error: { code: 'TIME_LIMIT_EXCEEDED', message: expect.stringContaining('limit of 0.05 s (TRAIN_MAX_SECONDS)') },
      });
      expect(existsSync(input.csvPath)).toBe(false);
    });
  });

  describe('.get(id)', () => {
    it('should throw JOB_NOT_FOUND (404) for an id it does not know', () => {
      const jobs = new TrainingJobs({ pool: fakePool(1).pool, queueMax: 1, logger, metrics });
      expect(() => jobs.get('no-such-job')).toThrow(expect.objectContaining({ code: 'JOB_NOT_FOUND', status: 404 }));
    });
  });

  describe('.close()', () => {
    it('should fail the running and the queued jobs ("shut down") and close the pool', async () => {
      const { pool, isClosed } = fakePool(1);
      const jobs = new TrainingJobs({ pool, queueMax: 1, logger, metrics });
      const submitted = [jobs.submit(await upload(), { isAsync: true }), jobs.submit(await upload(), { isAsync: true })];
      await jobs.close();
      await settled();
      expect(isClosed()).toBe(true);
      for (const { job } of submitted) {
        expect(jobs.get(job.job_id)).toMatchObject({ status: 'failed', error: { code: 'MODEL_NOT_READY', message: expect.stringContaining('shut down') } });
      }
    });
  });
});
