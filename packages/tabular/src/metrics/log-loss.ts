/** scikit-learn's eps="auto" for float64 probabilities: np.finfo(np.float64).eps. */
const EPS = Number.EPSILON;

/**
 * Mean negative log-likelihood of the true classes, as scikit-learn 1.2's log_loss: probabilities
 * are clipped to [eps, 1 − eps] (so one confident mistake costs about 36, not Infinity) and each row
 * is renormalised to sum to 1.
 *
 * @param yTrue class index per row, in [0, nClasses).
 * @param proba row-major probabilities, `proba[row * nClasses + classIdx]`.
 */
export function logLoss(yTrue: ArrayLike<number>, proba: ArrayLike<number>, nClasses: number): number {
  const n = yTrue.length;
  if (proba.length !== n * nClasses || n === 0) throw new RangeError(`logLoss: ${n} labels but ${proba.length} probabilities for ${nClasses} classes`);
  let total = 0;
  for (let row = 0; row < n; row++) {
    let rowSum = 0;
    for (let c = 0; c < nClasses; c++) rowSum += clip(proba[row * nClasses + c]);
    total -= Math.log(clip(proba[row * nClasses + yTrue[row]]) / rowSum);
  }
  return total / n;
}

function clip(p: number): number {
  return Math.min(Math.max(p, EPS), 1 - EPS);
}
