import type { JobStatus, ModelType } from '@tabula/contracts';
import type { Histogram, ServiceMetrics } from '@tabula/service-kit';

/** Seconds: from a small logistic model to an hour-long forest. */
const TRAINING_BUCKETS_S = [0.1, 0.5, 1, 2.5, 5, 10, 30, 60, 120, 300, 600, 1800, 3600];

export type TrainingOutcome = 'succeeded' | 'failed' | 'cancelled';

/** Training duration and outcome by model type, and the jobs queued and running: small, fixed label sets. */
export class TrainingMetrics {
  private readonly duration: Histogram<'model_type' | 'outcome'>;
  private countJobs: (status: JobStatus) => number = () => 0;

  constructor(metrics: ServiceMetrics) {
    const countJobs = (status: JobStatus) => this.countJobs(status);
    metrics.gauge({
      name: 'tabula_training_jobs',
      help: 'Training jobs waiting for a worker (queued) and on a worker (running).',
      labelNames: ['status'],
      collect() {
        for (const status of ['queued', 'running'] as const) this.set({ status }, countJobs(status));
      },
    });
    this.duration = metrics.histogram({
      name: 'tabula_training_duration_seconds',
      help: 'Time a training job ran on a worker, from start to stored version or failure, by model type and outcome.',
      labelNames: ['model_type', 'outcome'],
      buckets: TRAINING_BUCKETS_S,
    });
  }

  /** Where the gauge reads the job counts at every scrape, so it never drifts from the job table. */
  watchJobs(countJobs: (status: JobStatus) => number): void {
    this.countJobs = countJobs;
  }

  trained(modelType: ModelType, outcome: TrainingOutcome, seconds: number): void {
    this.duration.observe({ model_type: modelType, outcome }, seconds);
  }
}
