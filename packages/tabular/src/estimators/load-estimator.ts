import type { Estimator, EstimatorState } from './estimator.js';
import { loadLogisticRegression } from './mljs/mljs-logistic-regression.js';
import { loadRandomForest } from './mljs/mljs-random-forest.js';
import { loadTabulaForest } from './tabula/tabula-forest.js';
import { loadTabulaLogistic } from './tabula/tabula-logistic.js';

/** Rebuilds a fitted estimator from the state its toJSON() produced. */
export function loadEstimator(state: EstimatorState): Estimator {
  switch (state.kind) {
    case 'tabula-forest':
      return loadTabulaForest(state);
    case 'tabula-logistic':
      return loadTabulaLogistic(state);
    case 'mljs-random-forest':
      return loadRandomForest(state);
    case 'mljs-logistic-regression':
      return loadLogisticRegression(state);
  }
}
