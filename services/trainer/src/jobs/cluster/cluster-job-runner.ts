import { rm } from 'node:fs/promises';
import { join } from 'node:path';
import { jobCancelled, trainingTimeLimitExceeded, type CancelReason, type TabulaError, type TrainingProgress } from '@tabula/contracts';
import type { ArtifactStore } from '@tabula/model-store';
import { errorBody, toTabulaError, type Logger } from '@tabula/service-kit';
import { createJobStopper } from '../save-gate.js';
import type { TrainingPool } from '../training-jobs.js';
import type { TrainingMetrics } from '../training-metrics.js';
import type { Finished, JobRows } from './job-rows.js';

export interface ClusterJobRunnerDeps {
  rows: JobRows;
  artifacts: ArtifactStore;
  pool: TrainingPool;
  /** This trainer's name in job records (`trainer`): host and process. */
  trainerId: string;
  /** Where a claimed job's CSV is copied for the worker thread to read. */
  uploadDir: string;
  /** TRAIN_MAX_SECONDS; 0 for no limit. */
  maxRunSeconds: number;
  /** How often the heartbeat is renewed (a fraction of the lease). */
  heartbeatMs: number;
  logger: Logger;
  metrics: TrainingMetrics;
  /** Told when a job this trainer ran has been recorded as ended, so a local waiter answers without polling. */
  onEnded: (id: string) => void;
}

/** A job on one of this trainer's worker threads, and how to stop it (false once it is writing its version). */
interface LocalJob {
  stop: (reason: TabulaError) => boolean;
}

/**
 * Runs the jobs pg-boss hands this trainer: claims the row (only the current delivery of a queued job can be
 * claimed, so a stale or duplicate delivery does nothing), copies the CSV from the artifact store, trains on the
 * worker pool, and renews the row's heartbeat every few seconds, which also carries progress and brings the
 * cancel requests of other trainers. A trainer that finds its lease handed over stops its copy of the job: the
 * version it might still write is the one the job id makes unique, so the job never stores two.
 */
// One small row update per half second of a training at most: enough for a client polling its progress.
const PROGRESS_WRITE_MS = 500;

export class ClusterJobRunner {
  private readonly local = new Map<string, LocalJob>();

  constructor(private readonly deps: ClusterJobRunnerDeps) {}

  /** Stops a job running here; undefined when it does not run here, false when it is writing its version. */
  stopLocal(id: string, reason: TabulaError): boolean | undefined {
    return this.local.get(id)?.stop(reason);
  }

  async run(jobId: string, queueJobId: string): Promise<void> {
    const { rows, artifacts, pool, trainerId, logger } = this.deps;
    const jobLog = logger.child({ job_id: jobId });
    // A failure here throws: nothing is claimed, and pg-boss delivers the job again.
    const claimed = await rows.claim(jobId, queueJobId, trainerId);
    if (!claimed) {
      jobLog.debug('delivery skipped: the job has ended or belongs to a later attempt');
      return;
    }
    jobLog.info({ model_name: claimed.form.model_name, attempt: claimed.attempts, trainer: trainerId }, 'training started');
    const csvPath = join(this.deps.uploadDir, `${jobId}.csv`);
    const { saveGate, signal, stop } = createJobStopper();
    this.local.set(jobId, { stop });
    let progress: TrainingProgress = { stage: 'parsing' };
    let isOwner = true;
    const startedAt = performance.now();
    let lastBeatAt = 0;
    const beat = () => {
      lastBeatAt = performance.now();
      return rows.beat(jobId, trainerId, progress).then(
        (answer) => {
          if (!answer.isOwner) {
            isOwner = false;
            if (stop(leaseLost())) jobLog.warn('the job was handed to another trainer (this one missed its lease): stopped here');
          } else if (answer.cancelRequested !== null) {
            if (!stop(jobCancelled(jobId, answer.cancelRequested as CancelReason))) jobLog.info('cancel requested while the version is being written: letting it finish');
          }
        },
        (error: unknown) => jobLog.warn({ err: error }, 'could not renew the job heartbeat; retrying at the next beat'),
      );
    };
    // An end that cannot be recorded (the database is away) leaves the row running: its lease runs out, the job is
    // started again, and that attempt returns the version this one stored, if it stored one.
    const record = (finished: Finished, last: TrainingProgress) =>
      rows.finish(jobId, trainerId, finished, last).catch((error: unknown) => {
        jobLog.error({ err: error }, 'could not record the end of the training; it is started again once its lease runs out');
        return false;
      });
    const heartbeat = setInterval(() => void beat(), this.deps.heartbeatMs);
    const timeLimit =
      this.deps.maxRunSeconds > 0
        ? setTimeout(() => void stop(trainingTimeLimitExceeded(this.deps.maxRunSeconds)), this.deps.maxRunSeconds * 1000)
        : undefined;
    try {
      // Streamed to disk, never held: a staged upload may be gigabytes (the streaming training path reads it twice).
      await rm(csvPath, { force: true });
      await artifacts.getFile(claimed.dataset_key, csvPath);
      const result = await pool.run(
        { csvPath, form: claimed.form, saveGate, jobId },
        {
          signal,
          // Progress reaches the row as it happens (at most every PROGRESS_WRITE_MS), not only at the heartbeat, so
          // GET /jobs/{id} from any trainer follows the trees as closely as folder mode's in-memory table does.
          onProgress: (reported) => {
            progress = { ...progress, ...reported };
            if (performance.now() - lastBeatAt >= PROGRESS_WRITE_MS) void beat();
          },
        },
      );
      this.deps.metrics.trained(claimed.form.model_type, 'succeeded', (performance.now() - startedAt) / 1000);
      isOwner = isOwner && (await record({ status: 'succeeded', result }, { ...progress, stage: 'done' }));
      jobLog.info({ model_name: result.model_name, version: result.version, training_ms: result.training_ms, recorded: isOwner }, 'training stored');
    } catch (error) {
      const failure = toTabulaError(error);
      const status = failure.code === 'JOB_CANCELLED' ? 'cancelled' : 'failed';
      this.deps.metrics.trained(claimed.form.model_type, status, (performance.now() - startedAt) / 1000);
      if (isOwner) isOwner = await record({ status, error: errorBody(failure, undefined).error }, progress);
      if (failure.status >= 500) jobLog.error({ err: error, code: failure.code }, 'training failed');
      else jobLog.info({ code: failure.code }, `training ${status}: ${failure.message}`);
    } finally {
      clearInterval(heartbeat);
      clearTimeout(timeLimit);
      this.local.delete(jobId);
      await rm(csvPath, { force: true }).catch(() => undefined);
    }
    // The dataset goes with the job's end; a trainer that lost the job leaves it to the one that has it.
    if (isOwner) {
      await artifacts.delete(claimed.dataset_key).catch((error: unknown) => jobLog.warn({ err: error }, 'could not delete the staged dataset'));
      this.deps.onEnded(jobId);
    }
  }
}

/** Why a trainer stops its copy of a job another trainer now runs: never recorded (the row is the other's). */
const leaseLost = () => jobCancelled('(handed over)', 'request');
