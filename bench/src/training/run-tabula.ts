import { predictForestProba, predictLogisticProba, trainForest, trainForestSync, trainLogistic } from '@tabula/engines';
import { LOGISTIC_FITS, secondsSince, type EngineRun, type ScoringBatch } from './engine-run.js';
import type { BenchDataset } from './labelled-matrix.js';
import { scoreForestInWorkers } from './score-forest-in-workers.js';

/**
 * Fits our forest and times scoring the batch with it.
 *
 * @param nWorkers worker threads for trainForest and for scoring (rows split over them), or null
 *   for trainForestSync and predictForestProba in the calling thread, which is what the trainer
 *   runs (inside its own job worker).
 */
export async function runTabulaForest(dataset: BenchDataset, nTrees: number, nWorkers: number | null, batch: ScoringBatch): Promise<EngineRun> {
  const { X, nRows, nFeatures, y } = dataset.train;
  const options = { nEstimators: nTrees, nClasses: dataset.nClasses, seed: 0 };
  const start = performance.now();
  const forest = nWorkers === null ? trainForestSync(X, nRows, nFeatures, y, options) : await trainForest(X, nRows, nFeatures, y, { ...options, nJobs: nWorkers });
  const fitSeconds = secondsSince(start);
  const proba = predictForestProba(forest, dataset.test.X, dataset.test.nRows);
  if (nWorkers !== null) {
    const scored = await scoreForestInWorkers(forest, batch, nWorkers);
    // The batch starts with the held-out rows, which one thread has just scored.
    if (!scored.proba.subarray(0, proba.length).every((p, i) => p === proba[i])) throw new Error('scoring in workers changed the probabilities');
    return { fitSeconds, proba, predictRowsPerSecond: scored.rowsPerSecond };
  }
  const scoringStart = performance.now();
  predictForestProba(forest, batch.X, batch.nRows);
  return { fitSeconds, proba, predictRowsPerSecond: batch.nRows / secondsSince(scoringStart) };
}

/** Fits our L-BFGS logistic regression (defaults as scikit-learn's) and times scoring the batch. */
export function runTabulaLogistic(dataset: BenchDataset, batch: ScoringBatch): EngineRun {
  const { X, nRows, nFeatures, y } = dataset.train;
  const fit = () => trainLogistic(X, nRows, nFeatures, y, { nClasses: dataset.nClasses });
  const start = performance.now();
  const model = fit();
  let fitSeconds = secondsSince(start);
  for (let repeat = 1; repeat < LOGISTIC_FITS; repeat++) {
    const again = performance.now();
    fit();
    fitSeconds = Math.min(fitSeconds, secondsSince(again));
  }
  const proba = predictLogisticProba(model, dataset.test.X, dataset.test.nRows);
  const scoringStart = performance.now();
  predictLogisticProba(model, batch.X, batch.nRows);
  return { fitSeconds, proba, predictRowsPerSecond: batch.nRows / secondsSince(scoringStart) };
}
