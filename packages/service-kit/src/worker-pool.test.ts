import { afterEach, describe, expect, it } from '@jest/globals';
import { TabulaError } from '@tabula/contracts';
import { createLogger } from './logger.js';
import { WorkerPool } from './worker-pool.js';

const SCRIPT = new URL('./testing/counting-worker.js', import.meta.url);

describe('WorkerPool', () => {
  let pool: WorkerPool<number, number, number> | undefined;
  const open = (size: number) => (pool = new WorkerPool<number, number, number>(SCRIPT, size, null, createLogger('test', 'silent')));
  afterEach(async () => {
    await pool?.close();
  });

  describe('.run(input, { onStart, onProgress })', () => {
    it("should deliver the job's progress messages in order, then resolve once with its reply", async () => {
      const events: string[] = [];
      const result = await open(1).run(3, {
        onStart: () => events.push('start'),
        onProgress: (step) => events.push(`progress ${step}`),
      });
      expect(result).toBe(3);
      expect(events).toEqual(['start', 'progress 1', 'progress 2', 'progress 3']);
    });

    it("should keep one job's progress apart from another's on the same worker", async () => {
      const seen: Record<string, number[]> = { a: [], b: [] };
      const workers = open(1);
      const [a, b] = await Promise.all([
        workers.run(2, { onProgress: (step) => seen.a.push(step) }),
        workers.run(4, { onProgress: (step) => seen.b.push(step) }),
      ]);
      expect([a, b]).toEqual([2, 4]);
      expect(seen).toEqual({ a: [1, 2], b: [1, 2, 3, 4] });
    });

    it('should start its workers with the resource limits given', async () => {
      pool = new WorkerPool<number, number, number>(SCRIPT, 1, null, createLogger('test', 'silent'), { maxYoungGenerationSizeMb: 12 });
      expect(await pool.run(Number.NaN)).toBe(12);
    });

    it('should reject with the TabulaError the worker replied with', async () => {
      await expect(open(1).run(-1)).rejects.toMatchObject({ code: 'INVALID_INPUT', message: 'steps must be at least 0, got -1.' });
    });

    it('should reject a job whose input cannot be sent to a worker, and keep that worker for the next jobs', async () => {
      const workers = open(1);
      const started: string[] = [];
      const unsendable = (() => 1) as unknown as number;
      for (let i = 0; i < 3; i++) {
        await expect(workers.run(unsendable, { onStart: () => started.push('unsendable') })).rejects.toThrow(/could not be cloned/);
      }
      expect(await workers.run(2, { onStart: () => started.push('good') })).toBe(2);
      expect(started).toEqual(['good']);
    });

    it('should queue jobs beyond the workers and start each when a worker frees up', async () => {
      const workers = open(1);
      const started: number[] = [];
      const first = workers.run(Infinity, { onStart: () => started.push(1) });
      void first.catch(() => undefined);
      const second = workers.run(1, { onStart: () => started.push(2) });
      void second.catch(() => undefined);
      expect(started).toEqual([1]);
      expect(workers.queued).toBe(1);
    });
  });

  describe('.run(input, { signal })', () => {
    const cancelled = () => new TabulaError('CONFLICT', 'cancelled by the test');

    it('should take a queued job out of the queue when aborted, without ever starting it', async () => {
      const workers = open(1);
      void workers.run(Infinity).catch(() => undefined);
      const controller = new AbortController();
      const started: number[] = [];
      const queued = workers.run(1, { signal: controller.signal, onStart: () => started.push(1) });
      expect(workers.queued).toBe(1);
      controller.abort(cancelled());
      await expect(queued).rejects.toMatchObject({ message: 'cancelled by the test' });
      expect(workers.queued).toBe(0);
      expect(started).toEqual([]);
    });

    it('should stop a running job stuck in a CPU loop, and run the next jobs on a new worker', async () => {
      const workers = open(1);
      const controller = new AbortController();
      let hasStarted = false;
      const running = workers.run(-Infinity, { signal: controller.signal, onStart: () => (hasStarted = true) });
      const next = workers.run(3);
      expect(hasStarted).toBe(true);
      controller.abort(cancelled());
      await expect(running).rejects.toMatchObject({ message: 'cancelled by the test' });
      expect(await next).toBe(3);
      expect(await workers.run(2)).toBe(2);
    });

    it('should reject at once when the signal was aborted before the job was queued', async () => {
      const workers = open(1);
      await expect(workers.run(1, { signal: AbortSignal.abort(cancelled()) })).rejects.toMatchObject({ message: 'cancelled by the test' });
      expect(await workers.run(1)).toBe(1);
    });

    it('should ignore an abort after the job has settled', async () => {
      const workers = open(1);
      const controller = new AbortController();
      expect(await workers.run(2, { signal: controller.signal })).toBe(2);
      controller.abort(cancelled());
      expect(await workers.run(4)).toBe(4);
    });
  });

  describe('.close()', () => {
    it('should fail the running and the queued jobs at once, and refuse new ones', async () => {
      const workers = open(1);
      const running = workers.run(Infinity);
      const queued = workers.run(1);
      const closed = workers.close();
      for (const job of [running, queued, workers.run(1)]) {
        const error = await job.catch((e: unknown) => e);
        expect(error).toBeInstanceOf(TabulaError);
        expect(error).toMatchObject({ code: 'MODEL_NOT_READY', message: expect.stringContaining('shut down') });
      }
      await closed;
      expect(workers.queued).toBe(0);
    });
  });
});
