import type { ArtifactStore } from '@tabula/model-store';
import type { Logger } from '@tabula/service-kit';
import PgBoss from 'pg-boss';
import type { TrainingPool } from '../training-jobs.js';
import type { ClusterJobRunner } from './cluster-job-runner.js';
import type { Sql } from './job-database.js';
import type { JobRows } from './job-rows.js';
import { sweepLeases, type Redeliver } from './lease-sweeper.js';

export interface TrainingBossOptions {
  databaseUrl: string;
  rows: JobRows;
  runner: ClusterJobRunner;
  pool: TrainingPool;
  artifacts: ArtifactStore;
  trainerId: string;
  /** TRAINER_JOB_LEASE_SECONDS and TRAINER_JOB_ATTEMPTS. */
  leaseS: number;
  maxAttempts: number;
  /** TRAIN_MAX_SECONDS (0: none): pg-boss's own expiry of a delivery must come later. */
  maxRunSeconds: number;
  /** How often the leases are swept (and the heartbeat renewed), in ms. */
  sweepMs: number;
  logger: Logger;
  /** Each sweep's count of the jobs waiting and running cluster-wide, for the tabula_training_jobs gauge. */
  onCounts: (counts: { queued: number; running: number }) => void;
}

const QUEUE = 'tabula-training';
// pg-boss refuses an expiry of 24 h or more; a delivery outlives the longest training by this margin.
const EXPIRY_MARGIN_S = 15 * 60;
const MAX_EXPIRY_S = 23 * 3600;
// A delivery whose claim failed (the database away for a moment) is delivered again, every 5 s, 20 times at most.
const CLAIM_RETRIES = 20;
const CLAIM_RETRY_DELAY_S = 5;
// Finished job rows are kept a day, as folder mode's job table keeps them.
const FINISHED_KEPT_S = 24 * 3600;

/**
 * The pg-boss side of cluster mode: one queue, `tabula-training`, consumed by as many pg-boss workers as this
 * trainer has worker threads (each runs one job at a time), and the lease sweeper every few seconds.
 *
 * What pg-boss 10 does, read in its source: `fail` (and a handler that throws, and a delivery past its expiry)
 * re-inserts an active job as `retry` under the same id while retry_count < retry_limit; `resume` applies to
 * cancelled jobs only; `complete` applies to any active job of that id. A late `complete` from a trainer that lost
 * its lease could so close a delivery another trainer runs, if both ran the same id. Hence every attempt gets a
 * delivery id of its own (the row's queue_job_id): a handed-back job's old delivery is cancelled and a new one sent
 * in the same transaction as its row, and a delivery whose id is not the row's current one claims nothing. pg-boss
 * retries a delivery itself only when its claim failed, before any training began.
 */
export class TrainingBoss {
  private readonly boss: PgBoss;
  private readonly workerIds: string[] = [];
  private sweeper: NodeJS.Timeout | undefined;

  constructor(private readonly options: TrainingBossOptions) {
    this.boss = new PgBoss({ connectionString: options.databaseUrl, max: 4, schedule: false, application_name: `tabula-trainer ${options.trainerId}` });
    this.boss.on('error', (error) => options.logger.warn({ err: error }, 'training queue (pg-boss) error; it keeps polling'));
  }

  async start(): Promise<void> {
    const { maxRunSeconds, pool } = this.options;
    await this.boss.start();
    const expireInSeconds = maxRunSeconds > 0 ? Math.min(MAX_EXPIRY_S, maxRunSeconds + EXPIRY_MARGIN_S) : MAX_EXPIRY_S;
    const settings = { name: QUEUE, retryLimit: CLAIM_RETRIES, retryDelay: CLAIM_RETRY_DELAY_S, expireInSeconds };
    // Replicas starting together race to create it: whoever loses finds it made.
    if (!(await this.boss.getQueue(QUEUE))) await this.boss.createQueue(QUEUE, settings).catch(() => undefined);
    await this.boss.updateQueue(QUEUE, settings);
    for (let i = 0; i < pool.size; i++) {
      this.workerIds.push(await this.boss.work<{ jobId: string }>(QUEUE, { batchSize: 1, pollingIntervalSeconds: 1 }, ([job]) => this.run(job)));
    }
    this.sweeper = setInterval(() => void this.sweep(), this.options.sweepMs);
  }

  /** Enqueues a job's delivery inside the caller's transaction (the one that inserts its row). */
  async send(sql: Sql, jobId: string, queueJobId: string): Promise<void> {
    await this.boss.send(QUEUE, { jobId }, { id: queueJobId, db: dbOf(sql) });
  }

  /** Makes this trainer's idle pg-boss workers poll now rather than at their next interval. */
  wake(): void {
    for (const id of this.workerIds) this.boss.notifyWorker(id);
  }

  /** Stops polling, hands this trainer's running jobs back to the queue, stops the threads and pg-boss. */
  async close(): Promise<void> {
    clearInterval(this.sweeper);
    await this.boss.offWork(QUEUE).catch(() => undefined);
    const { rows, trainerId, leaseS, maxAttempts, logger, pool } = this.options;
    try {
      const { requeued } = await sweepLeases(rows, this.redeliver, { leaseS, maxAttempts, ownedBy: trainerId });
      if (requeued.length > 0) logger.warn({ jobs: requeued }, 'handed the running trainings back to the queue: this trainer is shutting down');
    } catch (error) {
      logger.warn({ err: error }, 'could not hand the running trainings back; other trainers take them once their lease runs out');
    }
    await pool.close();
    await this.boss.stop({ graceful: false, close: true }).catch(() => undefined);
  }

  private async run(job: PgBoss.Job<{ jobId: string }> | undefined): Promise<void> {
    if (!job) return;
    try {
      await this.options.runner.run(job.data.jobId, job.id);
    } catch (error) {
      // The job could not be claimed (the database is away): failing the delivery makes pg-boss retry it.
      this.options.logger.warn({ err: error, job_id: job.data.jobId }, 'could not claim the training job; the queue delivers it again');
      throw error;
    }
  }

  private readonly redeliver: Redeliver = async (sql, jobId, oldQueueJobId, newQueueJobId) => {
    // Cancelled, not failed: a failed delivery would be retried, and the new one does that.
    await this.boss.cancel(QUEUE, oldQueueJobId, { db: dbOf(sql) });
    await this.boss.send(QUEUE, { jobId }, { id: newQueueJobId, db: dbOf(sql) });
  };

  private async sweep(): Promise<void> {
    const { rows, leaseS, maxAttempts, logger, artifacts, onCounts } = this.options;
    try {
      const { requeued, ended } = await sweepLeases(rows, this.redeliver, { leaseS, maxAttempts });
      if (requeued.length > 0) {
        logger.warn({ jobs: requeued, lease_s: leaseS }, 'trainings whose trainer stopped renewing its lease were handed back to the queue');
        this.wake();
      }
      for (const { id, datasetKey } of ended) {
        logger.warn({ job_id: id }, 'training ended by the lease sweep (out of attempts, or cancelled while its trainer was gone)');
        await artifacts.delete(datasetKey).catch(() => undefined);
      }
      onCounts(await rows.countUnfinished());
      await rows.prune(FINISHED_KEPT_S);
    } catch (error) {
      logger.warn({ err: error }, 'lease sweep failed; retrying at the next one');
    }
  }
}

/** pg-boss's hook for running its statements on the caller's connection (and so in its transaction). */
const dbOf = (sql: Sql): PgBoss.Db => ({ executeSql: (text, values) => sql(text, values) });
