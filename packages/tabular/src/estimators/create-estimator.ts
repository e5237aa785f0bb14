import type { ModelSpec } from '@tabula/contracts';
import type { Estimator, EstimatorState, TrainingData } from './estimator.js';
import { fitLogisticRegression, loadLogisticRegression } from './mljs-logistic-regression.js';
import { fitRandomForest, loadRandomForest } from './mljs-random-forest.js';
import { fitTabulaForest, loadTabulaForest } from './tabula-forest.js';
import { fitTabulaLogistic, loadTabulaLogistic } from './tabula-logistic.js';

/**
 * Fits the estimator a model spec names, on the engine its params choose: "tabula"
 * (@tabula/engines, the default) or "mljs" (the ml.js libraries).
 *
 * @param seed the resolved random_state (drawn by the caller when it was null).
 */
export function fitEstimator(spec: ModelSpec, data: TrainingData, seed: number): Estimator {
  switch (spec.modelType) {
    case 'RandomForestClassifier':
    case 'RandomForestRegressor':
      switch (spec.params.engine) {
        case 'tabula':
          return fitTabulaForest(spec.params, data, seed);
        case 'mljs':
          return fitRandomForest(spec.params, data, seed);
      }
      break;
    case 'LogisticRegression':
      switch (spec.params.engine) {
        case 'tabula':
          return fitTabulaLogistic(spec.params, data);
        case 'mljs':
          return fitLogisticRegression(spec.params, data);
      }
  }
}

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
