import type { ModelSpec } from '@tabula/contracts';
import type { Estimator, TrainingData } from './estimator.js';
import { fitLogisticRegression } from './mljs/mljs-logistic-regression.js';
import { fitRandomForest } from './mljs/mljs-random-forest.js';
import { fitTabulaForest } from './tabula/tabula-forest.js';
import { fitTabulaLogistic } from './tabula/tabula-logistic.js';

/**
 * Fits the estimator a model spec names, on the engine its params choose: "tabula"
 * (@tabula/engines, the default) or "mljs" (the ml.js libraries).
 *
 * @param seed the resolved random_state (drawn by the caller when it was null).
 * @param onTreeGrown progress of a tabula forest, tree by tree; other estimators do not report.
 */
export function fitEstimator(
  spec: ModelSpec,
  data: TrainingData,
  seed: number,
  onTreeGrown?: (nGrown: number, nTrees: number) => void,
): Estimator {
  if (data.sampleWeight !== undefined && !supportsSampleWeight(spec)) throw new TypeError(`engine ${spec.params.engine} fits no sample weights`);
  switch (spec.modelType) {
    case 'RandomForestClassifier':
    case 'RandomForestRegressor':
      switch (spec.params.engine) {
        case 'tabula':
          return fitTabulaForest(spec.params, data, seed, onTreeGrown);
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

/** Whether the spec's engine fits weighted rows: @tabula/engines does; the ml.js libraries have no weights. */
export function supportsSampleWeight(spec: ModelSpec): boolean {
  return spec.params.engine === 'tabula';
}
