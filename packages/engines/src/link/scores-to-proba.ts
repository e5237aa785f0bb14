/**
 * Class probabilities from raw scores, shared by the models that score in log-odds (logistic
 * regression, gradient boosting): one score per row for two classes (its sigmoid is class 1's
 * probability), else one per class (their softmax).
 *
 * @param scores Float64Array (nRows * (nClasses === 2 ? 1 : nClasses),), row-major.
 * @returns Float64Array (nRows * nClasses,), row-major; each row sums to 1.
 */
export function scoresToProba(scores: Float64Array, nRows: number, nClasses: number): Float64Array {
  const proba = new Float64Array(nRows * nClasses);
  for (let row = 0; row < nRows; row++) {
    if (nClasses === 2) {
      const p = 1 / (1 + Math.exp(-scores[row]));
      proba[row * 2] = 1 - p;
      proba[row * 2 + 1] = p;
      continue;
    }
    let max = -Infinity;
    for (let k = 0; k < nClasses; k++) max = Math.max(max, scores[row * nClasses + k]);
    let sum = 0;
    for (let k = 0; k < nClasses; k++) sum += proba[row * nClasses + k] = Math.exp(scores[row * nClasses + k] - max);
    for (let k = 0; k < nClasses; k++) proba[row * nClasses + k] /= sum;
  }
  return proba;
}
