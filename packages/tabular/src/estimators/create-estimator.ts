import type { ModelSpec } from '@tabula/contracts';
import type { Estimator, EstimatorState, TrainingData } from './estimator.js';
import { fitLogisticRegression, loadLogisticRegression } from './mljs-logistic-regression.js';
import { fitRandomForest, loadRandomForest } from './mljs-random-forest.js';

/**
 * Fits the estimator a model spec names. Every model type runs on the "mljs" engine today; a
 * faster engine adds a branch here and a kind to EstimatorStateSchema.
 *
 * @param seed the resolved random_state (drawn by the caller when it was null).
 */
export function fitEstimator(spec: ModelSpec, data: TrainingData, seed: number): Estimator {
  switch (spec.modelType) {
    case 'RandomForestClassifier':
    case 'RandomForestRegressor':
      return fitRandomForest(spec.params, data, seed);
    case 'LogisticRegression':
      return fitLogisticRegression(spec.params, data);
  }
}

/** Rebuilds a fitted estimator from the state its toJSON() produced. */
export function loadEstimator(state: EstimatorState): Estimator {
  switch (state.kind) {
    case 'mljs-random-forest':
      return loadRandomForest(state);
    case 'mljs-logistic-regression':
      return loadLogisticRegression(state);
  }
}
