import type { Metrics } from '@tabula/contracts';

/**
 * Test-set scores of a regressor: r2 (coefficient of determination), rmse and mae. As in
 * scikit-learn, r2 of a constant y_true is 1 for a perfect fit and 0 otherwise rather than
 * a division by zero.
 */
export function regressionMetrics(yTrue: ArrayLike<number>, yPred: ArrayLike<number>): Metrics {
  const n = yTrue.length;
  if (yPred.length !== n || n === 0) throw new RangeError(`regressionMetrics: ${n} values and ${yPred.length} predictions`);
  let mean = 0;
  for (let i = 0; i < n; i++) mean += yTrue[i];
  mean /= n;

  let squaredError = 0;
  let absoluteError = 0;
  let totalSquares = 0;
  for (let i = 0; i < n; i++) {
    const residual = yTrue[i] - yPred[i];
    squaredError += residual * residual;
    absoluteError += Math.abs(residual);
    totalSquares += (yTrue[i] - mean) * (yTrue[i] - mean);
  }

  const r2 = totalSquares === 0 ? (squaredError === 0 ? 1 : 0) : 1 - squaredError / totalSquares;
  return { r2, rmse: Math.sqrt(squaredError / n), mae: absoluteError / n };
}
