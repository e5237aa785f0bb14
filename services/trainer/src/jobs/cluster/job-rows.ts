import {
  ErrorBodySchema,
  JobStatusSchema,
  ModelTypeSchema,
  TrainResponseSchema,
  TrainingProgressSchema,
  z,
  type ErrorBody,
  type Job,
  type JobListQuery,
  type JobSummary,
  type TrainForm,
  type TrainingProgress,
  type TrainResponse,
} from '@tabula/contracts';
import { JobDatabase, type Sql } from './job-database.js';

/** A job as the table stores it, zod-parsed on every read (the row is data another trainer wrote). */
const JobRowSchema = z.object({
  id: z.string(),
  status: JobStatusSchema,
  model_name: z.string(),
  model_type: ModelTypeSchema,
  is_async: z.boolean(),
  trainer: z.string().nullable(),
  attempts: z.number().int(),
  progress: TrainingProgressSchema,
  result: TrainResponseSchema.nullable(),
  error: ErrorBodySchema.shape.error.nullable(),
  created_at: z.date(),
  started_at: z.date().nullable(),
  finished_at: z.date().nullable(),
  now: z.date(),
});
type JobRow = z.infer<typeof JobRowSchema>;

/** What a trainer needs to run a job it claimed: the form it was sent with and where its CSV waits. */
const ClaimedRowSchema = z.object({
  // Checked by TrainFormSchema on the trainer that received it; re-parsing its output is not an identity.
  form: z.custom<TrainForm>((value) => typeof value === 'object' && value !== null && 'model_name' in value && 'target_column' in value),
  dataset_key: z.string(),
  attempts: z.number().int(),
});
export type ClaimedJob = z.infer<typeof ClaimedRowSchema>;

export interface NewJob {
  id: string;
  form: TrainForm;
  isAsync: boolean;
  datasetKey: string;
  queueJobId: string;
}

export type Finished = { status: 'succeeded'; result: TrainResponse } | { status: 'failed' | 'cancelled'; error: ErrorBody['error'] };

const SELECT_JOB = `SELECT id::text, status, model_name, model_type, is_async, trainer, attempts, progress, result, error,
  created_at, started_at, finished_at, clock_timestamp() AS now FROM training_jobs`;

// Admissions of every trainer queue on this transaction lock, so the count of waiting jobs and the insert are one step.
const ADMISSION_LOCK_KEY = 0x7461_626a_6f62; // "tabjob"

/**
 * The training_jobs table (migration 0003): every read and write of cluster mode's job records, in SQL. A row is
 * changed only by the trainer that owns it (`trainer`), guarded in each WHERE, so a trainer that lost its lease
 * cannot overwrite what the next one recorded.
 */
export class JobRows {
  constructor(readonly db: JobDatabase) {}

  /**
   * Inserts a queued job, and runs `enqueue` (the pg-boss send) in the same transaction, unless `queueMax` jobs are
   * already waiting cluster-wide: then nothing is written and the queue's state is returned, for the 429.
   */
  async insertIfRoom(job: NewJob, queueMax: number, enqueue: (sql: Sql) => Promise<void>): Promise<{ running: number; queued: number } | undefined> {
    return this.db.transaction(async (sql) => {
      await sql('SELECT pg_advisory_xact_lock($1)', [ADMISSION_LOCK_KEY]);
      const counts = await this.countUnfinished(sql);
      if (counts.queued >= queueMax) return counts;
      await sql(
        `INSERT INTO training_jobs (id, status, model_name, model_type, is_async, form, dataset_key, queue_job_id, progress)
         VALUES ($1, 'queued', $2, $3, $4, $5, $6, $7, '{"stage":"queued"}')`,
        [job.id, job.form.model_name, job.form.model_type, job.isAsync, JSON.stringify(job.form), job.datasetKey, job.queueJobId],
      );
      await enqueue(sql);
      return undefined;
    });
  }

  async countUnfinished(sql: Sql = this.db.query): Promise<{ running: number; queued: number }> {
    const { rows } = await sql<{ running: number; queued: number }>(
      `SELECT count(*) FILTER (WHERE status = 'running')::int AS running, count(*) FILTER (WHERE status = 'queued')::int AS queued
       FROM training_jobs WHERE status IN ('queued', 'running')`,
    );
    return rows[0];
  }

  /** For Retry-After: how long each running job has run, and the run times of the 20 newest successes, in ms. */
  async queueTimes(): Promise<{ runningForMs: number[]; recentRunTimesMs: number[] }> {
    const { rows } = await this.db.query<{ status: string; ms: number }>(
      `(SELECT status, (extract(epoch FROM clock_timestamp() - started_at) * 1000)::float8 AS ms FROM training_jobs
        WHERE status = 'running' AND started_at IS NOT NULL)
       UNION ALL
       (SELECT status, (extract(epoch FROM finished_at - started_at) * 1000)::float8 AS ms FROM training_jobs
        WHERE status = 'succeeded' AND started_at IS NOT NULL ORDER BY finished_at DESC LIMIT 20)`,
    );
    return {
      runningForMs: rows.filter((row) => row.status === 'running').map((row) => row.ms),
      recentRunTimesMs: rows.filter((row) => row.status === 'succeeded').map((row) => row.ms),
    };
  }

  async get(id: string): Promise<Job | undefined> {
    if (!isUuid(id)) return undefined;
    const { rows } = await this.db.query(`${SELECT_JOB} WHERE id = $1`, [id]);
    return rows.length === 0 ? undefined : toJob(JobRowSchema.parse(rows[0]));
  }

  /** Newest first, without results. */
  async list({ status, limit }: JobListQuery): Promise<JobSummary[]> {
    const { rows } = await this.db.query(`${SELECT_JOB} WHERE ($1::text IS NULL OR status = $1) ORDER BY created_at DESC, id DESC LIMIT $2`, [
      status ?? null,
      limit,
    ]);
    return rows.map((row) => {
      const { result: _result, ...summary } = toJob(JobRowSchema.parse(row));
      return summary;
    });
  }

  /** Takes a queued job for `trainer` (one attempt more), if this delivery is its current one. */
  async claim(id: string, queueJobId: string, trainer: string): Promise<ClaimedJob | undefined> {
    const { rows } = await this.db.query(
      `UPDATE training_jobs SET status = 'running', trainer = $3, attempts = attempts + 1, heartbeat_at = clock_timestamp(),
         started_at = coalesce(started_at, clock_timestamp()), progress = '{"stage":"parsing"}'
       WHERE id = $1 AND queue_job_id = $2 AND status = 'queued' RETURNING form, dataset_key, attempts`,
      [id, queueJobId, trainer],
    );
    return rows.length === 0 ? undefined : ClaimedRowSchema.parse(rows[0]);
  }

  /**
   * The running trainer's heartbeat, with its latest progress. Answers whether it still owns the job (a trainer
   * whose lease was handed over must stop) and whether another trainer asked to cancel it.
   */
  async beat(id: string, trainer: string, progress: TrainingProgress): Promise<{ isOwner: boolean; cancelRequested: string | null }> {
    const { rows } = await this.db.query<{ cancel_requested: string | null }>(
      `UPDATE training_jobs SET heartbeat_at = clock_timestamp(), progress = $3
       WHERE id = $1 AND trainer = $2 AND status = 'running' RETURNING cancel_requested`,
      [id, trainer, JSON.stringify(progress)],
    );
    return rows.length === 0 ? { isOwner: false, cancelRequested: null } : { isOwner: true, cancelRequested: rows[0].cancel_requested };
  }

  /** Records a running job's end; false when `trainer` no longer owns it (its outcome is then not this one's to say). */
  async finish(id: string, trainer: string, finished: Finished, progress: TrainingProgress): Promise<boolean> {
    const { rowCount } = await this.db.query(
      `UPDATE training_jobs SET status = $3, result = $4, error = $5, progress = $6, finished_at = clock_timestamp(), heartbeat_at = NULL
       WHERE id = $1 AND trainer = $2 AND status = 'running'`,
      [
        id,
        trainer,
        finished.status,
        finished.status === 'succeeded' ? JSON.stringify(finished.result) : null,
        finished.status === 'succeeded' ? null : JSON.stringify(finished.error),
        JSON.stringify(progress),
      ],
    );
    return rowCount === 1;
  }

  /** Ends a job that no trainer has started: cancelled (DELETE) or failed. Returns its dataset key, or undefined if it was not queued. */
  async endQueued(id: string, finished: Exclude<Finished, { status: 'succeeded' }>): Promise<string | undefined> {
    if (!isUuid(id)) return undefined;
    const { rows } = await this.db.query<{ dataset_key: string }>(
      `UPDATE training_jobs SET status = $2, error = $3, finished_at = clock_timestamp() WHERE id = $1 AND status = 'queued' RETURNING dataset_key`,
      [id, finished.status, JSON.stringify(finished.error)],
    );
    return rows[0]?.dataset_key;
  }

  /** Asks the trainer running the job to cancel it; false when it is not running. */
  async requestCancel(id: string, reason: string): Promise<boolean> {
    const { rowCount } = await this.db.query(`UPDATE training_jobs SET cancel_requested = $2 WHERE id = $1 AND status = 'running'`, [id, reason]);
    return rowCount === 1;
  }

  /** Forgets finished jobs older than `maxAgeS`, as the folder mode's table does after a day. */
  async prune(maxAgeS: number): Promise<number> {
    const { rowCount } = await this.db.query(`DELETE FROM training_jobs WHERE finished_at < clock_timestamp() - $1 * interval '1 second'`, [maxAgeS]);
    return rowCount ?? 0;
  }
}

/** The same document the folder mode's JobTable builds, from a row and the database's clock. */
function toJob(row: JobRow): Job {
  const now = row.now.getTime();
  const createdMs = row.created_at.getTime();
  const startedMs = row.started_at?.getTime();
  const finishedMs = row.finished_at?.getTime();
  return {
    job_id: row.id,
    status: row.status,
    model_name: row.model_name,
    model_type: row.model_type,
    async: row.is_async,
    created_at: row.created_at.toISOString(),
    started_at: row.started_at?.toISOString() ?? null,
    finished_at: row.finished_at?.toISOString() ?? null,
    queue_ms: Math.max(0, (startedMs ?? finishedMs ?? now) - createdMs),
    run_ms: startedMs === undefined ? null : Math.max(0, (finishedMs ?? now) - startedMs),
    progress: row.progress,
    ...(row.result ? { result: row.result } : {}),
    ...(row.error ? { error: row.error } : {}),
    links: { self: `/jobs/${row.id}` },
  };
}

const isUuid = (id: string) => /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(id);
