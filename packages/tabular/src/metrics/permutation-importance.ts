import type { FeatureImportance } from '@tabula/contracts';
import type { Estimator } from '../estimators/estimator.js';
import { regressionMetrics } from './regression-metrics.js';
import { outputWidth, type PreprocessorState } from '../preprocessing/preprocessor-state.js';
import { shuffleInPlace, type UniformRng } from '../training/training-rng.js';
import type { FeatureMatrix } from '../preprocessing/transform-frame.js';

/** Shuffles per input column, as scikit-learn's permutation_importance defaults to. */
export const N_REPEATS = 5;
/** Held-out rows scored at most: the cost is n_columns × N_REPEATS predictions of them. */
export const MAX_ROWS = 1_000;

/**
 * Permutation importance of each input column on held-out rows (scikit-learn's
 * permutation_importance): the drop in score when the column's values are shuffled between rows,
 * mean and population std over N_REPEATS shuffles. A one-hot encoded column (and a date's parts)
 * is shuffled as a whole, so each input column gets one importance. Scored by accuracy for classifiers and r2 for
 * regressors (their default scores in scikit-learn); larger splits are sampled down to MAX_ROWS.
 *
 * @param yTest class index (classification) or value per test row.
 * @param isClassifier whether yTest holds class indices.
 * @param rng seeded, so the importances repeat for a random_state.
 * @returns the importances, largest first (ties in column order).
 */
export function permutationImportance(
  estimator: Estimator,
  preprocessor: PreprocessorState,
  test: FeatureMatrix,
  yTest: Float64Array,
  isClassifier: boolean,
  rng: UniformRng,
): FeatureImportance {
  const { X, nRows, y } = sampleRows(test, yTest, rng);
  const score = (matrix: Float64Array) => {
    const yPred = estimator.predict(matrix, nRows);
    return isClassifier ? accuracy(y, yPred) : regressionMetrics(y, yPred).r2;
  };
  const baseline = score(X);
  const permuted = Float64Array.from(X);
  const order = new Uint32Array(nRows);
  let start = 0;
  const importances = preprocessor.columns.map((column) => {
    const width = outputWidth(column);
    const drops = new Array<number>(N_REPEATS).fill(0);
    // A column with no one-hot outputs (no category seen in training) cannot change a prediction.
    for (let repeat = 0; width > 0 && repeat < N_REPEATS; repeat++) {
      for (let row = 0; row < nRows; row++) order[row] = row;
      shuffleInPlace(order, rng);
      for (let f = start; f < start + width; f++) {
        for (let row = 0; row < nRows; row++) permuted[f * nRows + row] = X[f * nRows + order[row]];
      }
      drops[repeat] = baseline - score(permuted);
    }
    permuted.set(X.subarray(start * nRows, (start + width) * nRows), start * nRows);
    start += width;
    const mean = drops.reduce((sum, drop) => sum + drop, 0) / N_REPEATS;
    const std = Math.sqrt(drops.reduce((sum, drop) => sum + (drop - mean) ** 2, 0) / N_REPEATS);
    return { feature: column.name, importance: mean, std };
  });
  return {
    method: 'permutation',
    scoring: isClassifier ? 'accuracy' : 'r2',
    n_repeats: N_REPEATS,
    n_rows: nRows,
    importances: importances.sort((a, b) => b.importance - a.importance),
  };
}

/** The test rows, or a seeded sample of MAX_ROWS of them (kept in order), with their targets. */
function sampleRows(test: FeatureMatrix, yTest: Float64Array, rng: UniformRng): { X: Float64Array; nRows: number; y: Float64Array } {
  if (test.nRows <= MAX_ROWS) return { X: test.X, nRows: test.nRows, y: yTest };
  const rows = shuffleInPlace(Uint32Array.from({ length: test.nRows }, (_, row) => row), rng).subarray(0, MAX_ROWS).sort();
  const X = new Float64Array(MAX_ROWS * test.nFeatures);
  for (let f = 0; f < test.nFeatures; f++) {
    for (let i = 0; i < MAX_ROWS; i++) X[f * MAX_ROWS + i] = test.X[f * test.nRows + rows[i]];
  }
  return { X, nRows: MAX_ROWS, y: Float64Array.from(rows, (row) => yTest[row]) };
}

function accuracy(yTrue: Float64Array, yPred: Float64Array): number {
  let correct = 0;
  for (let i = 0; i < yTrue.length; i++) if (yTrue[i] === yPred[i]) correct++;
  return correct / yTrue.length;
}
