import { describe, expect, it } from '@jest/globals';
import { JobSummarySchema, type TrainResponse } from '@tabula/contracts';
import { JobTable } from './job-table.js';

const SUBJECT = { modelName: 'iris', modelType: 'RandomForestClassifier', isAsync: true } as const;
const RESULT = { model_name: 'iris', version: 1 } as TrainResponse;
const ERROR = { code: 'INVALID_INPUT', message: 'The target column "nope" is not in the file.' };

/** A table on a clock the test moves by hand. */
function tableAt(startMs: number, options: { maxFinished?: number; maxAgeMs?: number } = {}) {
  const clock = { ms: startMs };
  const table = new JobTable({ ...options, now: () => clock.ms });
  return { table, clock };
}

describe('JobTable', () => {
  describe('a job from queued to succeeded', () => {
    it('should report status, timestamps, durations and progress at each step, as a valid Job', () => {
      const { table, clock } = tableAt(Date.UTC(2025, 0, 1));
      const { job_id: id, ...queued } = table.create(SUBJECT);
      expect(id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
      expect(queued).toMatchObject({ status: 'queued', model_name: 'iris', async: true, started_at: null, run_ms: null, progress: { stage: 'queued' }, links: { self: `/jobs/${id}` } });

      clock.ms += 2_000;
      expect(table.get(id)).toMatchObject({ status: 'queued', queue_ms: 2_000 });
      table.start(id);
      clock.ms += 500;
      table.report(id, { stage: 'fitting', done: 10, total: 100, unit: 'trees' });
      expect(table.get(id)).toMatchObject({ status: 'running', queue_ms: 2_000, run_ms: 500, started_at: '2025-01-01T00:00:02.000Z', progress: { stage: 'fitting', done: 10, total: 100 } });

      table.report(id, { stage: 'evaluating' });
      expect(table.get(id)?.progress).toEqual({ stage: 'evaluating', done: 10, total: 100, unit: 'trees' });
      clock.ms += 1_000;
      table.succeed(id, RESULT);
      clock.ms += 60_000;
      // RESULT stands in for a whole TrainResponse, so the schema checks the rest of the document.
      expect(JobSummarySchema.safeParse(table.get(id)).error?.issues ?? []).toEqual([]);
      const done = table.get(id);
      expect(done).toMatchObject({ status: 'succeeded', run_ms: 1_500, queue_ms: 2_000, finished_at: '2025-01-01T00:00:03.500Z', result: RESULT });
      expect(done?.progress.stage).toBe('done');
      expect(table.recentRunTimesMs()).toEqual([1_500]);
    });
  });

  describe('a failed job', () => {
    it('should keep the error and the stage it failed in, and ignore later reports', () => {
      const { table } = tableAt(0);
      const { job_id: id } = table.create(SUBJECT);
      table.start(id);
      table.fail(id, ERROR);
      table.report(id, { stage: 'saving' });
      table.succeed(id, RESULT);
      expect(table.get(id)).toMatchObject({ status: 'failed', error: ERROR, progress: { stage: 'parsing' } });
      expect(table.get(id)).not.toHaveProperty('result');
      expect(table.recentRunTimesMs()).toEqual([]);
    });

    it('should count a job failed while still queued as waiting until it failed, never running', () => {
      const { table, clock } = tableAt(0);
      const { job_id: id } = table.create(SUBJECT);
      clock.ms += 300;
      table.fail(id, ERROR);
      clock.ms += 5_000;
      expect(table.get(id)).toMatchObject({ status: 'failed', queue_ms: 300, run_ms: null, started_at: null });
    });
  });

  describe('.list({ status, limit }) and .count(status)', () => {
    it('should list newest first, filter by status, stop at the limit, and leave results out', () => {
      const { table } = tableAt(0);
      const ids = [0, 1, 2].map(() => table.create(SUBJECT).job_id);
      table.start(ids[0]);
      table.succeed(ids[0], RESULT);
      table.start(ids[1]);
      expect(table.list({ limit: 10 }).map((job) => job.job_id)).toEqual([ids[2], ids[1], ids[0]]);
      expect(table.list({ limit: 2 }).map((job) => job.job_id)).toEqual([ids[2], ids[1]]);
      expect(table.list({ status: 'succeeded', limit: 10 }).map((job) => job.job_id)).toEqual([ids[0]]);
      expect(table.list({ limit: 10 })[2]).not.toHaveProperty('result');
      expect([table.count('queued'), table.count('running'), table.count('succeeded'), table.count('failed')]).toEqual([1, 1, 1, 0]);
    });
  });

  describe('retention', () => {
    it('should forget finished jobs past the age limit, and the oldest beyond the count limit, but never unfinished ones', () => {
      const { table, clock } = tableAt(0, { maxFinished: 2, maxAgeMs: 10_000 });
      const waiting = table.create(SUBJECT).job_id;
      const finished = [0, 1, 2].map(() => {
        const { job_id: id } = table.create(SUBJECT);
        table.fail(id, ERROR);
        return id;
      });
      table.create(SUBJECT);
      expect(finished.map((id) => table.get(id) !== undefined)).toEqual([false, true, true]);

      clock.ms += 10_001;
      table.create(SUBJECT);
      expect(finished.map((id) => table.get(id) !== undefined)).toEqual([false, false, false]);
      expect(table.get(waiting)?.status).toBe('queued');
    });
  });
});
