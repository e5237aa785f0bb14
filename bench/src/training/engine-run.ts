export type ModelKind = 'forest' | 'logistic';

/** One fitted model's timings and its held-out class probabilities, before scoring. */
export interface EngineRun {
  fitSeconds: number;
  /** Float64Array (nTestRows * nClasses,), row-major. */
  proba: Float64Array;
  predictRowsPerSecond: number;
  /** scikit-learn's forest only: predict_proba with n_jobs=2, to set beside our scoring on two workers. */
  predictRowsPerSecondTwoJobs?: number;
}

/** Rows the model scores to time batch prediction: the held-out rows, tiled (see tileRows). */
export interface ScoringBatch {
  X: Float64Array;
  nRows: number;
}

/**
 * Logistic fits take well under a second, where GC pauses and caches swing one timing by 2×: both
 * our side and scikit-learn's report the fastest of this many fits.
 */
export const LOGISTIC_FITS = 3;

export function secondsSince(startMs: number): number {
  return (performance.now() - startMs) / 1000;
}
