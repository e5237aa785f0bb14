import { BoundedModelLabels, type Counter, type Histogram, type ServiceMetrics } from '@tabula/service-kit';
import type { ModelRef } from '../domain/model-registry.js';
import type { ScoreResult } from '../domain/score-job.js';

/** Seconds to read and deserialize a model: from a small logistic model to a large forest. */
const LOAD_BUCKETS_S = [0.001, 0.005, 0.01, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10];

/**
 * What the predictor counts beyond HTTP: answered predictions and rows scored per model version
 * (labels bounded by BoundedModelLabels), and how its model caches behave. Every scoring job
 * reports whether it had to load its model (ScoreResult.coldLoadMs), so loads in worker threads are
 * counted too, though each thread keeps its own cache.
 */
export class PredictorMetrics {
  private readonly labels = new BoundedModelLabels();
  private readonly predictions: Counter<'model_name' | 'model_version'>;
  private readonly rows: Counter<'model_name' | 'model_version'>;
  private readonly cacheLookups: Counter<'result'>;
  private readonly loadSeconds: Histogram;

  constructor(metrics: ServiceMetrics) {
    this.predictions = metrics.counter({
      name: 'tabula_predictions_total',
      help: 'Prediction requests answered, by model name and version (pairs beyond the first 100 share "_other").',
      labelNames: ['model_name', 'model_version'],
    });
    this.rows = metrics.counter({
      name: 'tabula_rows_scored_total',
      help: 'Rows scored by answered prediction requests, by model name and version (pairs beyond the first 100 share "_other").',
      labelNames: ['model_name', 'model_version'],
    });
    this.cacheLookups = metrics.counter({
      name: 'tabula_model_cache_lookups_total',
      help: 'Model lookups by scoring jobs, on the main thread and in scoring workers: hit (in memory) or miss (loaded from disk).',
      labelNames: ['result'],
    });
    this.loadSeconds = metrics.histogram({
      name: 'tabula_model_load_seconds',
      help: 'Time to read a model version from the models dir and deserialize it (one per cache miss).',
      buckets: LOAD_BUCKETS_S,
    });
  }

  /** A prediction request answered with `rows` rows for this version. */
  predicted(model: ModelRef, rows: number): void {
    const labels = this.labels.of(model.name, model.version);
    this.predictions.inc(labels);
    this.rows.inc(labels, rows);
  }

  /** A scoring job (a block, a frame or a warm-up load) finished. */
  scored(result: ScoreResult): void {
    if (result.coldLoadMs === undefined) {
      this.cacheLookups.inc({ result: 'hit' });
      return;
    }
    this.cacheLookups.inc({ result: 'miss' });
    this.loadSeconds.observe(result.coldLoadMs / 1000);
  }
}
