import type { Estimator, EstimatorState } from './estimator.js';
import { loadLogisticRegression } from './mljs/mljs-logistic-regression.js';
import { loadRandomForest } from './mljs/mljs-random-forest.js';
import { loadTabulaForest } from './tabula/tabula-forest.js';
import { loadTabulaLogistic } from './tabula/tabula-logistic.js';

/**
 * Rebuilds a fitted estimator from the state its toJSON() produced, or from toArrayFiles()'s state and
 * the raw array files it lists (`files`, by name).
 */
export function loadEstimator(state: EstimatorState, files: Record<string, Uint8Array> = {}): Estimator {
  switch (state.kind) {
    case 'tabula-forest':
      return loadTabulaForest(state, files);
    case 'tabula-logistic':
      return loadTabulaLogistic(state, files);
    case 'mljs-random-forest':
      return loadRandomForest(state);
    case 'mljs-logistic-regression':
      return loadLogisticRegression(state);
  }
}
