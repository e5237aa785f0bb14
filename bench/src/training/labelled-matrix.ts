/** A column-major matrix (`X[featureIdx * nRows + row]`) with a class index per row. */
export interface LabelledMatrix {
  X: Float64Array;
  nRows: number;
  nFeatures: number;
  y: Uint8Array;
}

/** One dataset of the training bench: every engine fits `train` and is scored on the same `test` rows. */
export interface BenchDataset {
  /** As shown in the tables, e.g. "100k×30 9:1". */
  name: string;
  nClasses: number;
  train: LabelledMatrix;
  test: LabelledMatrix;
}

/** Rows [from, to) of a column-major matrix, copied into a new one. */
export function sliceRows(matrix: LabelledMatrix, from: number, to: number): LabelledMatrix {
  const { X, nRows, nFeatures } = matrix;
  const out = new Float64Array((to - from) * nFeatures);
  for (let featureIdx = 0; featureIdx < nFeatures; featureIdx++) {
    out.set(X.subarray(featureIdx * nRows + from, featureIdx * nRows + to), featureIdx * (to - from));
  }
  return { X: out, nRows: to - from, nFeatures, y: matrix.y.slice(from, to) };
}

/**
 * The matrix's rows repeated in order until there are `nRows` of them, column-major: a batch large
 * enough to time scoring on. numpy's np.resize repeats rows the same way, so scikit-learn scores the
 * same batch.
 */
export function tileRows(matrix: LabelledMatrix, nRows: number): Float64Array {
  const { X, nFeatures } = matrix;
  const out = new Float64Array(nRows * nFeatures);
  for (let featureIdx = 0; featureIdx < nFeatures; featureIdx++) {
    const column = X.subarray(featureIdx * matrix.nRows, (featureIdx + 1) * matrix.nRows);
    for (let start = 0; start < nRows; start += column.length) {
      out.set(column.subarray(0, Math.min(column.length, nRows - start)), featureIdx * nRows + start);
    }
  }
  return out;
}
