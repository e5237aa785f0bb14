import type { ModelKind } from './engine-run.js';

/** The engine column: our forest is timed in the trainer's configuration and on two workers. */
export const ENGINE = {
  tabulaOneThread: 'tabula (1 thread)',
  tabulaTwoWorkers: 'tabula (2 workers)',
  tabula: 'tabula',
  mljs: 'ml.js',
  sklearn: 'scikit-learn',
} as const;

export interface ScoredRun {
  fitSeconds: number;
  rocAuc: number | null;
  accuracy: number;
  predictRowsPerSecond: number;
  /** scikit-learn's forest only: predict_proba with n_jobs=2. */
  predictRowsPerSecondTwoJobs?: number;
}

/** One row of the training table: a finished run, or why it did not finish. */
export interface RunRecord {
  dataset: string;
  model: ModelKind;
  engine: string;
  outcome: ScoredRun | { failure: string };
}

/** The finished run of an engine on a dataset, if there is one. */
export function findScoredRun(records: RunRecord[], dataset: string, model: ModelKind, engine: string): ScoredRun | undefined {
  const record = records.find((r) => r.dataset === dataset && r.model === model && r.engine === engine);
  return record !== undefined && 'fitSeconds' in record.outcome ? record.outcome : undefined;
}

/** Three significant digits (0.00412, 1.00, 61.2), whole seconds from 100 on. */
export function formatSeconds(seconds: number): string {
  return seconds >= 100 ? seconds.toFixed(0) : seconds.toPrecision(3);
}

export function formatRate(perSecond: number): string {
  return Math.round(perSecond).toLocaleString('en-US');
}
