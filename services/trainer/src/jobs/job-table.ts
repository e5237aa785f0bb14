import { randomUUID } from 'node:crypto';
import type { ErrorBody, Job, JobListQuery, JobStatus, JobSummary, ModelType, TrainingProgress, TrainResponse } from '@tabula/contracts';

/** What a job is about, known when it is created. */
export interface JobSubject {
  modelName: string;
  modelType: ModelType;
  /** Whether the request answered 202 rather than waiting for the result. */
  isAsync: boolean;
}

interface JobRecord extends JobSubject {
  id: string;
  status: JobStatus;
  createdMs: number;
  startedMs?: number;
  finishedMs?: number;
  progress: TrainingProgress;
  result?: TrainResponse;
  error?: ErrorBody['error'];
}

export interface JobTableOptions {
  /** Finished jobs kept at most (the newest). */
  maxFinished?: number;
  /** Finished jobs are forgotten this long after they finished. */
  maxAgeMs?: number;
  /** How many recent successful run times to remember for wait estimates. */
  runTimesKept?: number;
  now?: () => number;
}

const DAY_MS = 24 * 60 * 60 * 1000;

/**
 * The trainer's in-memory record of every training, synchronous or not: status, timings, progress
 * and outcome. Queued and running jobs are always kept; finished ones for a day, the newest 1000 at
 * most. It does not survive a restart: a job is work in this process, not a stored artifact (the
 * model versions it produced are).
 */
export class JobTable {
  private readonly jobs = new Map<string, JobRecord>();
  private readonly runTimesMs: number[] = [];
  private readonly maxFinished: number;
  private readonly maxAgeMs: number;
  private readonly runTimesKept: number;
  private readonly now: () => number;

  constructor(options: JobTableOptions = {}) {
    this.maxFinished = options.maxFinished ?? 1000;
    this.maxAgeMs = options.maxAgeMs ?? DAY_MS;
    this.runTimesKept = options.runTimesKept ?? 20;
    this.now = options.now ?? Date.now;
  }

  create(subject: JobSubject): Job {
    this.prune();
    const record: JobRecord = { ...subject, id: randomUUID(), status: 'queued', createdMs: this.now(), progress: { stage: 'queued' } };
    this.jobs.set(record.id, record);
    return this.toJob(record);
  }

  start(id: string): void {
    const record = this.activeRecord(id);
    if (!record) return;
    record.status = 'running';
    record.startedMs = this.now();
    record.progress = { stage: 'parsing' };
  }

  /** Merges a progress report into the job's: tree counts stay once reported, the stage moves on. */
  report(id: string, progress: TrainingProgress): void {
    const record = this.activeRecord(id);
    if (record?.status === 'running') record.progress = { ...record.progress, ...progress };
  }

  succeed(id: string, result: TrainResponse): void {
    const record = this.finish(id, 'succeeded');
    if (!record) return;
    record.result = result;
    record.progress = { ...record.progress, stage: 'done' };
    if (record.startedMs !== undefined) {
      this.runTimesMs.push(this.now() - record.startedMs);
      if (this.runTimesMs.length > this.runTimesKept) this.runTimesMs.shift();
    }
  }

  /**
   * Records the error body's `error` object; the progress keeps the stage the job failed in. A job
   * stopped on purpose (DELETE /jobs/{id}, its client gone) ends `cancelled`, with why as its error.
   */
  fail(id: string, error: ErrorBody['error'], status: 'failed' | 'cancelled' = 'failed'): void {
    const record = this.finish(id, status);
    if (record) record.error = error;
  }

  get(id: string): Job | undefined {
    const record = this.jobs.get(id);
    return record && this.toJob(record);
  }

  /** Newest first, without results. */
  list({ status, limit }: JobListQuery): JobSummary[] {
    this.prune();
    const summaries: JobSummary[] = [];
    for (const record of [...this.jobs.values()].reverse()) {
      if (summaries.length >= limit) break;
      if (status !== undefined && record.status !== status) continue;
      const { result: _result, ...summary } = this.toJob(record);
      summaries.push(summary);
    }
    return summaries;
  }

  count(status: JobStatus): number {
    let n = 0;
    for (const record of this.jobs.values()) if (record.status === status) n++;
    return n;
  }

  /** How long each running job has been running, in ms. */
  runningForMs(): number[] {
    const now = this.now();
    return [...this.jobs.values()].flatMap((record) => (record.status === 'running' && record.startedMs !== undefined ? [now - record.startedMs] : []));
  }

  /** Run times of the most recent successful jobs, in ms. */
  recentRunTimesMs(): number[] {
    return [...this.runTimesMs];
  }

  private activeRecord(id: string): JobRecord | undefined {
    const record = this.jobs.get(id);
    return record && (record.status === 'queued' || record.status === 'running') ? record : undefined;
  }

  private finish(id: string, status: 'succeeded' | 'failed' | 'cancelled'): JobRecord | undefined {
    const record = this.activeRecord(id);
    if (!record) return undefined;
    record.status = status;
    record.finishedMs = this.now();
    return record;
  }

  private prune(): void {
    const oldest = this.now() - this.maxAgeMs;
    const finished = [...this.jobs.values()].filter((record) => record.finishedMs !== undefined);
    const overflow = finished.length - this.maxFinished;
    finished.forEach((record, i) => {
      if (i < overflow || (record.finishedMs ?? Infinity) < oldest) this.jobs.delete(record.id);
    });
  }

  private toJob(record: JobRecord): Job {
    const now = this.now();
    const { startedMs, finishedMs } = record;
    return {
      job_id: record.id,
      status: record.status,
      model_name: record.modelName,
      model_type: record.modelType,
      async: record.isAsync,
      created_at: new Date(record.createdMs).toISOString(),
      started_at: startedMs === undefined ? null : new Date(startedMs).toISOString(),
      finished_at: finishedMs === undefined ? null : new Date(finishedMs).toISOString(),
      queue_ms: (startedMs ?? finishedMs ?? now) - record.createdMs,
      run_ms: startedMs === undefined ? null : (finishedMs ?? now) - startedMs,
      progress: { ...record.progress },
      ...(record.result ? { result: record.result } : {}),
      ...(record.error ? { error: record.error } : {}),
      links: { self: `/jobs/${record.id}` },
    };
  }
}
