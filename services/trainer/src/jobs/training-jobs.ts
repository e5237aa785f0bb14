import { rm } from 'node:fs/promises';
import {
  TabulaError,
  jobNotFound,
  type Job,
  type JobList,
  type JobListQuery,
  type TrainingProgress,
  type TrainResponse,
} from '@tabula/contracts';
import { errorBody, toTabulaError, type Logger, type WorkerPool } from '@tabula/service-kit';
import type { TrainModelInput } from '../domain/train-model.js';
import { JobTable } from './job-table.js';
import { estimateRetryAfterS } from './retry-after.js';
import type { TrainingMetrics, TrainingOutcome } from './training-metrics.js';

/** The part of the worker pool the jobs use, so tests can stand in for the threads. */
export type TrainingPool = Pick<WorkerPool<TrainModelInput, TrainResponse, TrainingProgress>, 'run' | 'size' | 'close'>;

export interface TrainingJobsDeps {
  pool: TrainingPool;
  /** How many jobs may wait for a worker (TRAINER_QUEUE_MAX); beyond it, 429. */
  queueMax: number;
  logger: Logger;
  metrics: TrainingMetrics;
  table?: JobTable;
}

export interface SubmitOptions {
  isAsync: boolean;
  /** The request's logger, so a job's log lines carry its request id. */
  log?: Logger;
}

export interface SubmittedJob {
  job: Job;
  /** Settles when the training ends; a failure is also recorded in the job. */
  done: Promise<TrainResponse>;
}

/**
 * Every training runs as a job: admitted against the bounded queue, run on the worker pool,
 * followed in the job table, and its uploaded CSV deleted when it ends. A synchronous POST /train
 * awaits `done`; an asynchronous one answers with the job and is followed with GET /jobs/{id}.
 */
export class TrainingJobs {
  private readonly table: JobTable;

  constructor(private readonly deps: TrainingJobsDeps) {
    this.table = deps.table ?? new JobTable();
    deps.metrics.watchJobs((status) => this.table.count(status));
  }

  /**
   * Queues a training and returns at once. Throws TOO_MANY_REQUESTS, with a Retry-After estimate,
   * when every worker is busy and TRAINER_QUEUE_MAX jobs are already waiting.
   */
  submit(input: TrainModelInput, { isAsync, log = this.deps.logger }: SubmitOptions): SubmittedJob {
    this.admit();
    const { form } = input;
    const id = this.table.create({ modelName: form.model_name, modelType: form.model_type, isAsync }).job_id;
    const jobLog = log.child({ job_id: id });
    jobLog.info({ model_name: form.model_name, model_type: form.model_type, async: isAsync }, 'training queued');
    let startedAt: number | undefined;
    // A job failed before a worker took it (the service shut down) never trained: nothing to time.
    const timeTraining = (outcome: TrainingOutcome) => {
      if (startedAt !== undefined) this.deps.metrics.trained(form.model_type, outcome, (performance.now() - startedAt) / 1000);
    };
    const onStart = () => {
      startedAt = performance.now();
      this.table.start(id);
    };
    const done = this.deps.pool
      .run(input, { onStart, onProgress: (progress) => this.table.report(id, progress) })
      .then(
        (result) => {
          timeTraining('succeeded');
          this.table.succeed(id, result);
          jobLog.info({ model_name: result.model_name, version: result.version, training_ms: result.training_ms }, 'training stored');
          return result;
        },
        (error: unknown) => {
          const failure = toTabulaError(error);
          timeTraining('failed');
          this.table.fail(id, errorBody(failure, undefined).error);
          // A synchronous request's failure is logged by the error middleware, with the stack.
          if (isAsync && failure.status >= 500) jobLog.error({ err: error, code: failure.code }, 'training failed');
          else jobLog.info({ code: failure.code }, `training failed: ${failure.message}`);
          throw error;
        },
      )
      .finally(() => rm(input.csvPath, { force: true }).catch(() => undefined));
    // An asynchronous job's outcome is read from the table; nobody awaits `done`.
    done.catch(() => undefined);
    // As it is now: running already if a worker was free.
    return { job: this.get(id), done };
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
    throw new TabulaError(
      'TOO_MANY_REQUESTS',
      `The training queue is full: ${running} ${running === 1 ? 'training is' : 'trainings are'} running and ${queued} waiting (at most ${queueMax} may wait).`,
      {
        hint: `Try again in about ${retryAfterS} s (the Retry-After header); GET /jobs shows what is queued. The operator can raise TRAINER_QUEUE_MAX or TRAINER_WORKERS.`,
        retryAfterS,
      },
    );
  }
}
