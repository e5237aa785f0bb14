import { assertLayout, assertPredictMatrix, type PredictOptions } from '../validation/input-checks.js';
import { scoresToProba } from '../link/scores-to-proba.js';
import type { LogisticModel } from './train-logistic.js';

/**
 * Class probabilities of a logistic model (sklearn's predict_proba): a sigmoid for two classes, a
 * softmax otherwise, on features standardized with the saved mean and scale (NaN counts as the mean).
 *
 * @param X Float64Array (nRows * nFeatures,), column-major by default or row-major with layout.
 * @returns Float64Array (nRows * nClasses,), row-major; each row sums to 1.
 */
export function predictLogisticProba(
  model: LogisticModel,
  X: Float64Array,
  nRows: number,
  options: PredictOptions = {},
): Float64Array {
  const layout = options.layout ?? 'column-major';
  assertLayout(layout);
  const { nFeatures, nClasses, mean, scale, coef, intercept } = model;
  assertPredictMatrix(X, nRows, nFeatures);
  const nOutputs = intercept.length;
  // Column-major walks: rowStride 1 and featureStride nRows; row-major swaps them.
  const rowStride = layout === 'column-major' ? 1 : nFeatures;
  const featureStride = layout === 'column-major' ? nRows : 1;
  const scores = new Float64Array(nRows * nOutputs);
  for (let k = 0; k < nOutputs; k++) {
    for (let row = 0; row < nRows; row++) scores[row * nOutputs + k] = intercept[k];
    for (let f = 0; f < nFeatures; f++) {
      const w = coef[k * nFeatures + f] / scale[f];
      const m = mean[f];
      for (let row = 0; row < nRows; row++) {
        const x = X[row * rowStride + f * featureStride];
        if (x === x) scores[row * nOutputs + k] += w * (x - m);
      }
    }
  }
  // nOutputs is 1 exactly when nClasses is 2 (one sigmoid, as sklearn fits a binary model).
  return scoresToProba(scores, nRows, nClasses);
}
