import { randomUUID } from 'node:crypto';
import { errorBody } from '@tabula/service-kit';
import { jobCancelled, trainingAttemptsExhausted, type CancelReason } from '@tabula/contracts';
import type { JobRows } from './job-rows.js';
import type { Sql } from './job-database.js';

/** Sends a new delivery of a job (pg-boss) and closes the old one, inside the caller's transaction. */
export type Redeliver = (sql: Sql, jobId: string, oldQueueJobId: string, newQueueJobId: string) => Promise<void>;

interface HandedRow {
  id: string;
  attempts: number;
  dataset_key: string;
  queue_job_id: string;
  cancel_requested: string | null;
}

export interface SweepResult {
  /** Jobs put back in the queue for another trainer. */
  requeued: string[];
  /** Jobs ended instead: out of attempts, or cancelled while their trainer was gone. Their datasets can go. */
  ended: { id: string; datasetKey: string }[];
}

/**
 * pg-boss 10 has no heartbeat: a job whose worker died stays `active` until its expireInSeconds, which must exceed
 * TRAIN_MAX_SECONDS. So the job rows carry their own lease. Every trainer calls this every few seconds: running jobs
 * whose heartbeat is older than `leaseS` (their trainer was killed, or lost the database) are handed back to the
 * queue with a fresh delivery id, or failed once they have had `maxAttempts` starts. `FOR UPDATE SKIP LOCKED`
 * lets trainers sweep at once without taking the same job twice. With `ownedBy`, it hands back this trainer's own
 * running jobs at once (a shutdown), whatever their heartbeat.
 */
export async function sweepLeases(
  rows: JobRows,
  redeliver: Redeliver,
  { leaseS, maxAttempts, ownedBy }: { leaseS: number; maxAttempts: number; ownedBy?: string },
): Promise<SweepResult> {
  return rows.db.transaction(async (sql) => {
    const { rows: handed } = await sql<HandedRow>(
      ownedBy === undefined
        ? `SELECT id::text, attempts, dataset_key, queue_job_id::text, cancel_requested FROM training_jobs
           WHERE status = 'running' AND heartbeat_at < clock_timestamp() - $1 * interval '1 second' FOR UPDATE SKIP LOCKED`
        : `SELECT id::text, attempts, dataset_key, queue_job_id::text, cancel_requested FROM training_jobs
           WHERE status = 'running' AND trainer = $1 FOR UPDATE SKIP LOCKED`,
      [ownedBy ?? leaseS],
    );
    const result: SweepResult = { requeued: [], ended: [] };
    for (const row of handed) {
      const ending =
        row.cancel_requested !== null
          ? { status: 'cancelled', error: jobCancelled(row.id, row.cancel_requested as CancelReason) }
          : ownedBy === undefined && row.attempts >= maxAttempts
            ? { status: 'failed', error: trainingAttemptsExhausted(row.id, row.attempts, leaseS) }
            : undefined;
      if (ending) {
        await sql(
          `UPDATE training_jobs SET status = $2, error = $3, finished_at = clock_timestamp(), heartbeat_at = NULL WHERE id = $1`,
          [row.id, ending.status, JSON.stringify(errorBody(ending.error, undefined).error)],
        );
        result.ended.push({ id: row.id, datasetKey: row.dataset_key });
        continue;
      }
      const queueJobId = randomUUID();
      await sql(
        `UPDATE training_jobs SET status = 'queued', trainer = NULL, heartbeat_at = NULL, queue_job_id = $2,
           progress = '{"stage":"queued"}' WHERE id = $1`,
        [row.id, queueJobId],
      );
      await redeliver(sql, row.id, row.queue_job_id, queueJobId);
      result.requeued.push(row.id);
    }
    return result;
  });
}
