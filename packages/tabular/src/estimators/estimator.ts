import { Matrix } from 'ml-matrix';
import { z } from '@tabula/contracts';
import { ArrayFilesSchema } from './tabula/tabula-codec.js';

/**
 * A fitted learner behind one small interface, so that the engines (@tabula/engines, ml.js) plug in
 * side by side. Inputs are column-major matrices (`X[featureIdx * nRows + row]`) of the width it was
 * fitted on.
 */
export interface Estimator {
  readonly nFeatures: number;
  /** The options actually passed to the library, plus the scikit-learn params it could not honour. */
  readonly engineOptions: Record<string, unknown>;
  /** Per row: a class index (classification) or a value (regression). */
  predict(X: Float64Array, nRows: number): Float64Array;
  /** Classifiers only: row-major probabilities, `proba[row * nClasses + classIdx]`, rows summing to 1. */
  predictProba?(X: Float64Array, nRows: number): Float64Array;
  /**
   * Bytes held in memory (typed arrays' byteLength and what else it keeps), for the predictor's
   * cache budget; estimators without it are sized from their JSON state.
   */
  estimateBytes?(): number;
  /** The whole state as JSON (model files format 1: an engine's arrays as base64 text). */
  toJSON(): EstimatorState;
  /**
   * Model files format 2, for estimators with typed arrays: the state with each array moved out to a
   * raw file (listed in the state), and those files. Estimators without it save toJSON().
   */
  toArrayFiles?(): { state: EstimatorState; files: Record<string, Uint8Array> };
}

/** What fitting needs besides the params: the training matrix and targets. */
export interface TrainingData {
  X: Float64Array;
  nRows: number;
  nFeatures: number;
  /** Class index per row in [0, nClasses), or the value for regression. */
  y: Float64Array;
  /** Number of classes, or 0 for regression. */
  nClasses: number;
  /** A weight per row (class_balance=weights); only estimators that supportsSampleWeight() take it. */
  sampleWeight?: Float64Array;
}

// The libraries' own JSON is checked structurally here and by their loaders; a loader that throws
// is reported as a corrupt model by loadTabularModel.
const LibraryJsonSchema = z.record(z.string(), z.unknown());
// @tabula/engines' arrays: in format 1 one binary serialization as base64 text in the JSON model
// file, in format 2 a listing of raw array files beside it; the engine's loader checks the arrays.
const Base64Schema = z.string().min(1).regex(/^[A-Za-z0-9+/]+={0,2}$/, 'must be base64');
const EngineArraysSchema = z.union([Base64Schema, ArrayFilesSchema]);

export const EstimatorStateSchema = z.discriminatedUnion('kind', [
  z.object({
    kind: z.literal('mljs-random-forest'),
    task: z.enum(['classification', 'regression']),
    nFeatures: z.number().int().min(1),
    nClasses: z.number().int().min(0),
    engineOptions: z.record(z.string(), z.unknown()),
    forest: LibraryJsonSchema,
  }),
  z.object({
    kind: z.literal('mljs-logistic-regression'),
    nFeatures: z.number().int().min(1),
    nClasses: z.number().int().min(2),
    engineOptions: z.record(z.string(), z.unknown()),
    means: z.array(z.number()),
    scales: z.array(z.number().positive()),
    fitIntercept: z.boolean(),
    model: LibraryJsonSchema,
  }),
  z.object({
    kind: z.literal('tabula-forest'),
    task: z.enum(['classification', 'regression']),
    nFeatures: z.number().int().min(1),
    nClasses: z.number().int().min(0),
    engineOptions: z.record(z.string(), z.unknown()),
    /** serializeForest's bytes, base64 (format 1), or the listing of forestToArraySet's files (format 2). */
    forest: EngineArraysSchema,
  }),
  z.object({
    kind: z.literal('tabula-logistic'),
    nFeatures: z.number().int().min(1),
    nClasses: z.number().int().min(2),
    engineOptions: z.record(z.string(), z.unknown()),
    /** serializeLogistic's bytes, base64 (format 1), or the listing of logisticToArraySet's files (format 2). */
    model: EngineArraysSchema,
  }),
]);
export type EstimatorState = z.infer<typeof EstimatorStateSchema>;

/**
 * Copies a column-major matrix into the row-major ml-matrix the ml.js libraries take, optionally
 * mapping each value through `scale` and appending a column of ones (an intercept).
 */
export function toRowMatrix(
  X: Float64Array,
  nRows: number,
  nFeatures: number,
  options: { scale?: (value: number, featureIdx: number) => number; appendOnes?: boolean } = {},
): Matrix {
  if (X.length !== nRows * nFeatures) {
    throw new RangeError(`X has ${X.length} values, expected nRows × nFeatures = ${nRows} × ${nFeatures}`);
  }
  const width = nFeatures + (options.appendOnes === true ? 1 : 0);
  const matrix = new Matrix(nRows, width);
  const scale = options.scale;
  for (let featureIdx = 0; featureIdx < nFeatures; featureIdx++) {
    const offset = featureIdx * nRows;
    for (let row = 0; row < nRows; row++) {
      const value = X[offset + row];
      matrix.set(row, featureIdx, scale === undefined ? value : scale(value, featureIdx));
    }
  }
  if (width > nFeatures) for (let row = 0; row < nRows; row++) matrix.set(row, nFeatures, 1);
  return matrix;
}

/** Index of the largest value in each row of a row-major matrix; ties go to the lowest index, as numpy's argmax. */
export function argmaxRows(values: Float64Array, nRows: number, width: number): Float64Array {
  const out = new Float64Array(nRows);
  for (let row = 0; row < nRows; row++) {
    let best = 0;
    for (let c = 1; c < width; c++) if (values[row * width + c] > values[row * width + best]) best = c;
    out[row] = best;
  }
  return out;
}
