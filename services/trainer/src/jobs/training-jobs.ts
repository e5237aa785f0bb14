import { rm } from 'node:fs/promises';
import {
  jobCancelled,
  jobNotCancellable,
  jobNotFound,
  trainingQueueFull,
  trainingTimeLimitExceeded,
  type Job,
  type JobList,
  type JobListQuery,
  type JobStatus,
  type TrainingProgress,
  type TrainResponse,
  type TabulaError,
} from '@tabula/contracts';
import { errorBody, toTabulaError, type Logger, type WorkerPool } from '@tabula/service-kit';
import type { TrainModelInput } from '../domain/train-model.js';
import { JobTable } from './job-table.js';
import { estimateRetryAfterS } from './retry-after.js';
import { createJobStopper, type SaveGate } from './save-gate.js';
import type { TrainingMetrics, TrainingOutcome } from './training-metrics.js';
import type { TrainingQueue } from './training-queue.js';

/** What a training worker receives: the training, and the gate it claims before writing the version. */
export interface TrainingJobInput extends TrainModelInput {
  saveGate: SaveGate;
  /** Cluster mode: the job id the version is recorded with (see TrainModelOptions.jobId). */
  jobId?: string;
}

/** The part of the worker pool the jobs use, so tests can stand in for the threads. */
export type TrainingPool = Pick<WorkerPool<TrainingJobInput, TrainResponse, TrainingProgress>, 'run' | 'size' | 'close'>;

export interface TrainingJobsDeps {
  pool: TrainingPool;
  /** How many jobs may wait for a worker (TRAINER_QUEUE_MAX); beyond it, 429. */
  queueMax: number;
  /** TRAIN_MAX_SECONDS: a job running longer is stopped and fails with TIME_LIMIT_EXCEEDED; 0 for no limit. */
  maxRunSeconds?: number;
  logger: Logger;
  metrics: TrainingMetrics;
  table?: JobTable;
}

export interface SubmitOptions {
  isAsync: boolean;
  /** The request's logger, so a job's log lines carry its request id. */
  log?: Logger;
  /** Aborted when the client waiting for a synchronous /train has gone: the job is cancelled. */
  clientGone?: AbortSignal;
}

export interface SubmittedJob {
  job: Job;
  /** Settles when the training ends; a failure is also recorded in the job. */
  done: Promise<TrainResponse>;
}

/** How to stop an unfinished job: false when it is already writing its version (it then ends as it would have). */
interface Stoppable {
  stop: (reason: TabulaError) => boolean;
  /** Settles once the job is recorded as ended and its upload deleted. */
  ended: Promise<unknown>;
}

const isUnfinished = (status: JobStatus) => status === 'queued' || status === 'running';

/**
 * Every training runs as a job: admitted against the bounded queue, run on the worker pool,
 * followed in the job table, and its uploaded CSV deleted when it ends. A synchronous POST /train
 * awaits `done`; an asynchronous one answers with the job and is followed with GET /jobs/{id}.
 * A job is stopped by DELETE /jobs/{id}, by its synchronous client's disconnect (both end it
 * `cancelled`) or by TRAIN_MAX_SECONDS (`failed`); its worker thread is then terminated and replaced.
 */
export class TrainingJobs implements TrainingQueue {
  private readonly table: JobTable;
  private readonly unfinished = new Map<string, Stoppable>();

  constructor(private readonly deps: TrainingJobsDeps) {
    this.table = deps.table ?? new JobTable();
    deps.metrics.watchJobs((status) => this.table.count(status));
  }

  /**
   * Queues a training and returns at once. Throws TOO_MANY_REQUESTS, with a Retry-After estimate,
   * when every worker is busy and TRAINER_QUEUE_MAX jobs are already waiting.
   */
  submit(input: TrainModelInput, { isAsync, log = this.deps.logger, clientGone }: SubmitOptions): SubmittedJob {
    this.admit();
    const { form } = input;
    const id = this.table.create({ modelName: form.model_name, modelType: form.model_type, isAsync }).job_id;
    const jobLog = log.child({ job_id: id });
    jobLog.info({ model_name: form.model_name, model_type: form.model_type, async: isAsync }, 'training queued');
    const { saveGate, signal, stop } = createJobStopper();
    let startedAt: number | undefined;
    let timeLimit: NodeJS.Timeout | undefined;
    // A job failed before a worker took it (the service shut down, or it was cancelled) never trained: nothing to time.
    const timeTraining = (outcome: TrainingOutcome) => {
      if (startedAt !== undefined) this.deps.metrics.trained(form.model_type, outcome, (performance.now() - startedAt) / 1000);
    };
    const onStart = () => {
      startedAt = performance.now();
      this.table.start(id);
      const maxRunSeconds = this.deps.maxRunSeconds ?? 0;
      if (maxRunSeconds > 0) {
        timeLimit = setTimeout(() => {
          if (!stop(trainingTimeLimitExceeded(maxRunSeconds))) jobLog.info('TRAIN_MAX_SECONDS reached while the version is being written: letting it finish');
        }, maxRunSeconds * 1000);
      }
    };
    const onClientGone = () => {
      if (!stop(jobCancelled(id, 'disconnect'))) jobLog.info('the client disconnected while the version is being written: letting it finish');
    };
    clientGone?.addEventListener('abort', onClientGone, { once: true });
    const done = this.deps.pool
      .run({ ...input, saveGate }, { signal, onStart, onProgress: (progress) => this.table.report(id, progress) })
      .then(
        (result) => {
          timeTraining('succeeded');
          this.table.succeed(id, result);
          jobLog.info({ model_name: result.model_name, version: result.version, training_ms: result.training_ms }, 'training stored');
          return result;
        },
        (error: unknown) => {
          const failure = toTabulaError(error);
          const status = failure.code === 'JOB_CANCELLED' ? 'cancelled' : 'failed';
          timeTraining(status);
          this.table.fail(id, errorBody(failure, undefined).error, status);
          // A synchronous request's failure is logged by the error middleware, with the stack.
          if (isAsync && failure.status >= 500) jobLog.error({ err: error, code: failure.code }, 'training failed');
          else jobLog.info({ code: failure.code }, `training ${status}: ${failure.message}`);
          throw error;
        },
      )
      .finally(async () => {
        clearTimeout(timeLimit);
        clientGone?.removeEventListener('abort', onClientGone);
        await rm(input.csvPath, { force: true }).catch(() => undefined);
        this.unfinished.delete(id);
      });
    // An asynchronous job's outcome is read from the table; nobody awaits `done`.
    done.catch(() => undefined);
    this.unfinished.set(id, { stop, ended: done.catch(() => undefined) });
    if (clientGone?.aborted) onClientGone();
    // As it is now: running already if a worker was free.
    return { job: this.get(id), done };
  }

  /**
   * DELETE /jobs/{id}: stops a queued or running job and answers once it is recorded `cancelled`
   * and its upload deleted (its worker thread is being replaced by then). CONFLICT for a job that
   * has ended or is writing its version; JOB_NOT_FOUND for an unknown one.
   */
  async cancel(id: string): Promise<Job> {
    const job = this.get(id);
    const unfinished = this.unfinished.get(id);
    if (!unfinished || !isUnfinished(job.status)) {
      throw jobNotCancellable(id, `it has already ${job.status === 'cancelled' ? 'been cancelled' : job.status}`);
    }
    if (!unfinished.stop(jobCancelled(id, 'request'))) {
      throw jobNotCancellable(id, 'it is already writing its model version, which takes a moment; GET /jobs/{id} shows the result');
    }
    await unfinished.ended;
    return this.get(id);
  }

  get(id: string): Job {
    const job = this.table.get(id);
    if (!job) throw jobNotFound(id);
    return job;
  }

  list(query: JobListQuery): JobList {
    return { jobs: this.table.list(query) };
  }

  /** Fails every queued and running job ("shut down") and stops the workers. */
  close(): Promise<void> {
    const unfinished = this.table.count('queued') + this.table.count('running');
    if (unfinished > 0) this.deps.logger.warn({ jobs: unfinished }, 'failing unfinished training jobs: the service is shutting down');
    return this.deps.pool.close();
  }

  private admit(): void {
    const { pool, queueMax } = this.deps;
    const running = this.table.count('running');
    const queued = this.table.count('queued');
    if (running < pool.size || queued < queueMax) return;
    const retryAfterS = estimateRetryAfterS({ runningForMs: this.table.runningForMs(), recentRunTimesMs: this.table.recentRunTimesMs() });
    throw trainingQueueFull(running, queued, queueMax, retryAfterS);
  }
}
