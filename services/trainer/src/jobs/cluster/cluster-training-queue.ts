import { randomUUID } from 'node:crypto';
import { rm } from 'node:fs/promises';
import { setTimeout as sleep } from 'node:timers/promises';
import {
  ERROR_STATUS,
  jobCancelled,
  jobNotCancellable,
  jobNotFound,
  reviveTabulaError,
  trainerShutDownJobContinues,
  trainingQueueFull,
  type ErrorCode,
  type Job,
  type JobList,
  type JobListQuery,
  type TrainResponse,
} from '@tabula/contracts';
import type { ArtifactStore } from '@tabula/model-store';
import type { Logger } from '@tabula/service-kit';
import type { TrainModelInput } from '../../domain/train-model.js';
import { estimateRetryAfterS } from '../retry-after.js';
import type { SubmitOptions, SubmittedJob } from '../training-jobs.js';
import type { TrainingQueue } from '../training-queue.js';
import type { ClusterJobRunner } from './cluster-job-runner.js';
import type { JobRows } from './job-rows.js';
import type { TrainingBoss } from './training-boss.js';

export interface ClusterTrainingQueueDeps {
  rows: JobRows;
  boss: TrainingBoss;
  runner: ClusterJobRunner;
  artifacts: ArtifactStore;
  /** TRAINER_QUEUE_MAX: jobs that may wait cluster-wide; one more is refused with 429. */
  queueMax: number;
  logger: Logger;
}

// A synchronous POST /train whose job runs on another trainer polls its row: from 100 ms, ×1.5 per poll, to 2 s.
const FIRST_POLL_MS = 100;
const MAX_POLL_MS = 2_000;

/**
 * Cluster mode's trainings (DATABASE_URL set): each is a row in training_jobs (the truth every trainer reads, so
 * GET /jobs answers alike everywhere and survives restarts) and a delivery on the pg-boss queue every trainer
 * consumes. The upload is staged in the artifact store under `.jobs/<id>/dataset.csv` (no model name starts
 * with '.'), so any trainer can run it, and deleted when the job ends.
 *
 * A synchronous POST /train waits by polling the job's row with backoff, and at once when the job ran here. Polling,
 * not LISTEN/NOTIFY: a waiter costs one primary-key read per 2 s at most, it needs no dedicated connection, and it
 * survives a database restart with no re-subscription; a training takes seconds to hours, so 2 s is small.
 */
export class ClusterTrainingQueue implements TrainingQueue {
  /** Waiters of this trainer, woken when a job ends here or the trainer closes. */
  private readonly waiters = new Map<string, Set<() => void>>();
  private isClosing = false;

  constructor(private readonly deps: ClusterTrainingQueueDeps) {}

  /** Called by the runner when a job it ran is recorded as ended. */
  readonly noteEnded = (id: string): void => this.waiters.get(id)?.forEach((wake) => wake());

  async submit(input: TrainModelInput, { isAsync, log = this.deps.logger, clientGone }: SubmitOptions): Promise<SubmittedJob> {
    const { rows, boss, artifacts, queueMax } = this.deps;
    // Refused before the upload is copied, when it would be refused after; checked again when the row is inserted.
    if ((await rows.countUnfinished()).queued >= queueMax) await this.refuseFull();
    const id = randomUUID();
    const datasetKey = `.jobs/${id}/dataset.csv`;
    // Streamed from the spooled upload: memory stays a chunk, however large the file (issue 15).
    await artifacts.putFile(datasetKey, input.csvPath);
    await rm(input.csvPath, { force: true });
    const queueJobId = randomUUID();
    const full = await rows
      .insertIfRoom({ id, form: input.form, isAsync, datasetKey, queueJobId }, queueMax, (sql) => boss.send(sql, id, queueJobId))
      .catch(async (error: unknown) => {
        await artifacts.delete(datasetKey).catch(() => undefined);
        throw error;
      });
    if (full) {
      await artifacts.delete(datasetKey).catch(() => undefined);
      await this.refuseFull();
    }
    boss.wake();
    const jobLog = log.child({ job_id: id });
    jobLog.info({ model_name: input.form.model_name, model_type: input.form.model_type, async: isAsync }, 'training queued');
    const job = await this.get(id);
    if (isAsync) return { job, done: NEVER };
    const onClientGone = () =>
      void this.cancelFor(id, 'disconnect').catch((error: unknown) => jobLog.info({ code: (error as { code?: string }).code }, 'the client disconnected; the job could not be cancelled'));
    clientGone?.addEventListener('abort', onClientGone, { once: true });
    if (clientGone?.aborted) onClientGone();
    const done = this.waitForEnd(id).finally(() => clientGone?.removeEventListener('abort', onClientGone));
    return { job, done };
  }

  async get(id: string): Promise<Job> {
    const job = await this.deps.rows.get(id);
    if (!job) throw jobNotFound(id);
    return job;
  }

  async list(query: JobListQuery): Promise<JobList> {
    return { jobs: await this.deps.rows.list(query) };
  }

  cancel(id: string): Promise<Job> {
    return this.cancelFor(id, 'request');
  }

  async start(): Promise<void> {
    await this.deps.boss.start();
  }

  /** Stops taking deliveries, hands this trainer's running jobs back to the queue, and answers its waiters. */
  async close(): Promise<void> {
    if (this.isClosing) return;
    this.isClosing = true;
    for (const id of this.waiters.keys()) this.noteEnded(id);
    await this.deps.boss.close();
    await this.deps.rows.db.end();
  }

  /**
   * DELETE /jobs/{id} (or a waiting client gone): a queued job is ended here; a running one is stopped by the
   * trainer running it (at once when that is this one, else at its next heartbeat, a few seconds), and this answers
   * once its row says it ended. CONFLICT when it has ended, or when it was writing its version (it then succeeds).
   */
  private async cancelFor(id: string, reason: 'request' | 'disconnect'): Promise<Job> {
    const { rows, runner, artifacts } = this.deps;
    const cancelled = jobCancelled(id, reason);
    const datasetKey = await rows.endQueued(id, { status: 'cancelled', error: { code: cancelled.code, message: cancelled.message, hint: cancelled.hint } });
    if (datasetKey !== undefined) {
      await artifacts.delete(datasetKey).catch(() => undefined);
      this.noteEnded(id);
      return this.get(id);
    }
    const job = await this.get(id);
    if (job.status !== 'running') throw jobNotCancellable(id, `it has already ${job.status === 'cancelled' ? 'been cancelled' : job.status}`);
    const stoppedHere = runner.stopLocal(id, cancelled);
    if (stoppedHere === false || (stoppedHere === undefined && !(await rows.requestCancel(id, reason)))) {
      throw jobNotCancellable(id, 'it is already writing its model version, which takes a moment; GET /jobs/{id} shows the result');
    }
    const ended = await this.waitForRow(id);
    if (ended.status !== 'cancelled') throw jobNotCancellable(id, `it ${ended.status} before it could be stopped`);
    return ended;
  }

  /** Settles with the training's answer once the job has ended, as a synchronous /train answers it. */
  private async waitForEnd(id: string): Promise<TrainResponse> {
    const job = await this.waitForRow(id);
    if (job.status === 'succeeded' && job.result) return job.result;
    const error = job.error ?? { code: 'INTERNAL', message: 'The training ended without a result.' };
    throw reviveTabulaError({ ...error, code: error.code in ERROR_STATUS ? (error.code as ErrorCode) : 'INTERNAL' });
  }

  private async waitForRow(id: string): Promise<Job> {
    let delayMs = FIRST_POLL_MS;
    for (;;) {
      if (this.isClosing) throw trainerShutDownJobContinues(id);
      const job = await this.get(id);
      if (job.status !== 'queued' && job.status !== 'running') return job;
      const wake = new AbortController();
      const onEnded = () => wake.abort();
      const waiting = this.waiters.get(id) ?? new Set();
      this.waiters.set(id, waiting.add(onEnded));
      await sleep(delayMs, undefined, { signal: wake.signal }).catch(() => undefined);
      waiting.delete(onEnded);
      if (waiting.size === 0) this.waiters.delete(id);
      delayMs = Math.min(MAX_POLL_MS, delayMs * 1.5);
    }
  }

  private async refuseFull(): Promise<never> {
    const { running, queued } = await this.deps.rows.countUnfinished();
    throw trainingQueueFull(running, queued, this.deps.queueMax, estimateRetryAfterS(await this.deps.rows.queueTimes()));
  }
}

/** An asynchronous job's `done`: nobody awaits it (its outcome is read from GET /jobs/{id}), so it never settles. */
const NEVER = new Promise<TrainResponse>(() => undefined);
