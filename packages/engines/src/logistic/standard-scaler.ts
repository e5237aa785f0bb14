/**
 * Per-feature standardization saved with a logistic model (sklearn's StandardScaler): mean and
 * population standard deviation over the non-missing values; a constant feature keeps scale 1.
 */
export interface StandardScaler {
  /** Float64Array (nFeatures,). */
  mean: Float64Array;
  /** Float64Array (nFeatures,), all > 0. */
  scale: Float64Array;
}

/** @param X Float64Array (nFeatures * nRows,), column-major, NaN for missing. */
export function fitStandardScaler(X: Float64Array, nRows: number, nFeatures: number): StandardScaler {
  const mean = new Float64Array(nFeatures);
  const scale = new Float64Array(nFeatures);
  for (let f = 0; f < nFeatures; f++) {
    const offset = f * nRows;
    let n = 0;
    let sum = 0;
    for (let row = 0; row < nRows; row++) {
      const x = X[offset + row];
      if (x === x) {
        sum += x;
        n++;
      }
    }
    const m = n > 0 ? sum / n : 0;
    // Two passes: the one-pass Σx² − n·m² loses the variance of features with a large mean.
    let squares = 0;
    for (let row = 0; row < nRows; row++) {
      const x = X[offset + row];
      if (x === x) squares += (x - m) * (x - m);
    }
    const std = n > 0 ? Math.sqrt(squares / n) : 0;
    mean[f] = m;
    scale[f] = std > 0 ? std : 1;
  }
  return { mean, scale };
}

/**
 * Standardizes a column-major matrix; a missing value becomes 0, i.e. the training mean.
 *
 * @returns Float64Array (nFeatures * nRows,), column-major, free of NaN.
 */
export function standardize(X: Float64Array, nRows: number, scaler: StandardScaler): Float64Array {
  const nFeatures = scaler.mean.length;
  const out = new Float64Array(nRows * nFeatures);
  for (let f = 0; f < nFeatures; f++) {
    const offset = f * nRows;
    const m = scaler.mean[f];
    const inverse = 1 / scaler.scale[f];
    for (let row = 0; row < nRows; row++) {
      const x = X[offset + row];
      out[offset + row] = x === x ? (x - m) * inverse : 0;
    }
  }
  return out;
}
