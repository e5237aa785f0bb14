import type { MonitoringReport } from '@tabula/contracts';
import type { WorkerPool } from '@tabula/service-kit';
import { runMonitorJob, type MonitorJob, type MonitorJobDeps } from '../domain/monitor-model.js';
import { runScoreJob, type ScoreJob, type ScoreResult } from '../domain/score-job.js';
import type { PredictorMetrics } from './predictor-metrics.js';

/** What the scoring workers run: scoring jobs, and monitoring checks (which score a whole file). */
export type PoolJob = ScoreJob | MonitorJob;
export type PoolResult = ScoreResult | { report: MonitoringReport };

/** Below these sizes a job runs on the main thread: it takes less time than the hop to a worker. */
const INLINE_MAX_BYTES = 64 * 1024;
const INLINE_MAX_ROWS = 1_000;

/**
 * Sends large scoring jobs to worker threads and runs small ones inline, so a huge batch never
 * stalls the event loop while a single-record call pays no thread hop. Without a pool (0 workers)
 * everything runs inline. It implements the data plane's ports: score is its ScoreRows, monitor its
 * RunMonitorJob; inline jobs use the main thread's store and registry.
 */
export class Scorer {
  constructor(
    private readonly inline: MonitorJobDeps,
    private readonly pool: WorkerPool<PoolJob, PoolResult> | null,
    private readonly metrics: PredictorMetrics,
  ) {}

  /** How many jobs may be in flight at once to keep every worker busy. */
  get parallelism(): number {
    return Math.max(1, this.pool?.size ?? 1);
  }

  async score(job: ScoreJob): Promise<ScoreResult> {
    const result = this.pool === null || isSmall(job) ? await runScoreJob(job, this.inline.registry) : scoreResultOf(await this.pool.run(job));
    this.metrics.scored(result);
    return result;
  }

  /** Loads a model on the main thread and in every worker, so the first request finds it warm. */
  async warm(job: Extract<ScoreJob, { kind: 'load' }>): Promise<ScoreResult> {
    const [inline, ...inWorkers] = await Promise.all([
      runScoreJob(job, this.inline.registry),
      ...Array.from({ length: this.pool?.size ?? 0 }, async () => (this.pool ? scoreResultOf(await this.pool.run(job)) : undefined)),
    ]);
    for (const result of [inline, ...inWorkers]) if (result) this.metrics.scored(result);
    return inline;
  }

  /** Runs a drift or performance check on a worker (inline without a pool) and returns its stored report. */
  async monitor(job: MonitorJob): Promise<MonitoringReport> {
    if (this.pool === null) return runMonitorJob(job, this.inline);
    const result = await this.pool.run(job);
    if (!('report' in result)) throw new Error('A scoring worker answered a monitoring job without a report.');
    return result.report;
  }

  close(): Promise<void> {
    return this.pool?.close() ?? Promise.resolve();
  }
}

function scoreResultOf(result: PoolResult): ScoreResult {
  if ('report' in result) throw new Error('A scoring worker answered a scoring job with a monitoring report.');
  return result;
}

function isSmall(job: ScoreJob): boolean {
  if (job.kind === 'csv-block') return job.block.body.byteLength <= INLINE_MAX_BYTES;
  if (job.kind === 'frame') return job.frame.nRows <= INLINE_MAX_ROWS;
  if (job.kind === 'parquet-range') return job.range.rowEnd - job.range.rowStart <= INLINE_MAX_ROWS;
  return true;
}
