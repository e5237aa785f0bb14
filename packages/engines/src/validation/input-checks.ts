/**
 * Checks made once at an engine's door, so hot loops can trust their inputs (sklearn's TreeGrower
 * validates dtype, layout and parameters in its constructor). Misuse is a caller bug: plain
 * TypeError/RangeError, never a user-facing error.
 */

/** Class indices as accepted by the classifiers. */
export type ClassTarget = Uint8Array | Uint16Array | Int32Array;

export function assertCount(value: number, name: string, min: number): void {
  if (!Number.isInteger(value) || value < min) {
    throw new RangeError(`${name} must be an integer >= ${min}, got ${value}`);
  }
}

export function assertMatrix(X: Float64Array, nRows: number, nFeatures: number): void {
  if (!(X instanceof Float64Array)) throw new TypeError('X must be a Float64Array');
  assertCount(nRows, 'nRows', 1);
  assertCount(nFeatures, 'nFeatures', 1);
  if (X.length !== nRows * nFeatures) {
    throw new RangeError(`X has length ${X.length}, expected nRows * nFeatures = ${nRows * nFeatures}`);
  }
  for (let i = 0; i < X.length; i++) {
    const x = X[i];
    if (x === Infinity || x === -Infinity) throw new RangeError(`X contains an infinite value at index ${i}`);
  }
}

/** Copies class indices into an Int32Array so kernels see a single element kind. */
export function toClassIndices(y: ClassTarget, nRows: number, nClasses: number): Int32Array {
  if (!(y instanceof Uint8Array || y instanceof Uint16Array || y instanceof Int32Array)) {
    throw new TypeError('y must be a Uint8Array, Uint16Array or Int32Array of class indices');
  }
  assertCount(nClasses, 'nClasses', 2);
  if (y.length !== nRows) throw new RangeError(`y has length ${y.length}, expected nRows = ${nRows}`);
  const out = new Int32Array(nRows);
  for (let i = 0; i < nRows; i++) {
    const k = y[i];
    if (k < 0 || k >= nClasses) throw new RangeError(`y[${i}] = ${k} is outside [0, nClasses = ${nClasses})`);
    out[i] = k;
  }
  return out;
}

export function assertRegressionTarget(y: Float64Array, nRows: number): void {
  if (!(y instanceof Float64Array)) throw new TypeError('y must be a Float64Array for regression');
  if (y.length !== nRows) throw new RangeError(`y has length ${y.length}, expected nRows = ${nRows}`);
  for (let i = 0; i < nRows; i++) {
    if (!Number.isFinite(y[i])) throw new RangeError(`y[${i}] = ${y[i]} is not a finite number`);
  }
}

/** Per-row weights: one finite value >= 0 per row, and some weight to learn from. */
export function assertSampleWeight(sampleWeight: Float64Array, nRows: number): void {
  if (!(sampleWeight instanceof Float64Array)) throw new TypeError('sampleWeight must be a Float64Array');
  if (sampleWeight.length !== nRows) throw new RangeError(`sampleWeight has length ${sampleWeight.length}, expected nRows = ${nRows}`);
  let total = 0;
  for (let i = 0; i < nRows; i++) {
    const w = sampleWeight[i];
    if (!(w >= 0 && w < Infinity)) throw new RangeError(`sampleWeight[${i}] = ${w} is not a finite weight >= 0`);
    total += w;
  }
  if (total === 0) throw new RangeError('sampleWeight is 0 for every row');
}

/** Validates a prediction matrix against the number of features the model was trained on. */
export function assertPredictMatrix(X: Float64Array, nRows: number, nFeatures: number): void {
  if (!(X instanceof Float64Array)) throw new TypeError('X must be a Float64Array');
  assertCount(nRows, 'nRows', 0);
  if (X.length !== nRows * nFeatures) {
    throw new RangeError(`X has length ${X.length}, expected nRows * nFeatures = ${nRows} * ${nFeatures}`);
  }
}

/** Row order of a matrix passed to predict: column-major (the engines' default) or row-major. */
export type MatrixLayout = 'column-major' | 'row-major';

export interface PredictOptions {
  /** Layout of X: 'column-major' (X[f * nRows + row], the default) or 'row-major' (X[row * nFeatures + f]). */
  layout?: MatrixLayout;
}

export function assertLayout(layout: string): asserts layout is MatrixLayout {
  if (layout !== 'column-major' && layout !== 'row-major') {
    throw new RangeError(`layout must be 'column-major' or 'row-major', got ${String(layout)}`);
  }
}
