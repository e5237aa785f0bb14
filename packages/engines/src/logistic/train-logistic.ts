import { assertCount, assertMatrix, assertSampleWeight, toClassIndices, type ClassTarget } from '../validation/input-checks.js';
import { minimizeLbfgs } from './lbfgs.js';
import { coefShape, computeLossAndGradient, type LogisticProblem } from './loss-and-gradient.js';
import { fitStandardScaler, standardize } from './standard-scaler.js';

/** Options of trainLogistic, named after scikit-learn's LogisticRegression(solver='lbfgs'). */
export interface LogisticOptions {
  /** Number of classes, y in [0, nClasses). Default max(y) + 1. */
  nClasses?: number;
  /** Inverse L2 strength: loss = C·Σ logloss + ½‖W‖². Infinity means no penalty. Default 1. */
  C?: number;
  /** Stop when the largest gradient component of the scaled loss is <= tol. Default 1e-4. */
  tol?: number;
  /** L-BFGS iterations. Default 100. */
  maxIter?: number;
  /** Fit an unpenalized intercept per output. Default true. */
  fitIntercept?: boolean;
  /**
   * Float64Array (nRows,): a weight per row, >= 0 (sklearn's fit(sample_weight=…), e.g. class
   * weights). The standardization stays unweighted, as StandardScaler's in a pipeline.
   */
  sampleWeight?: Float64Array;
}

/**
 * A fitted logistic regression. Weights apply to standardized features (x − mean) / scale, so they
 * match sklearn's make_pipeline(StandardScaler(), LogisticRegression()).
 */
export interface LogisticModel {
  nFeatures: number;
  nClasses: number;
  /** Float64Array (nFeatures,) each: the standardization fitted on the training rows. */
  mean: Float64Array;
  scale: Float64Array;
  /** Float64Array (nOutputs * nFeatures,), row-major; nOutputs is 1 for two classes, else nClasses. */
  coef: Float64Array;
  /** Float64Array (nOutputs,); zeros when fitIntercept is false. */
  intercept: Float64Array;
  /** L-BFGS iterations run, and whether a tolerance was met before maxIter. */
  nIter: number;
  isConverged: boolean;
}

/**
 * Trains a binary (sigmoid) or multinomial (softmax) logistic regression with L-BFGS.
 *
 * @param X Float64Array (nFeatures * nRows,), column-major; NaN is read as the feature's mean.
 * @param y class indices (Uint8Array | Uint16Array | Int32Array) in [0, nClasses).
 * @throws TypeError / RangeError on wrong dtypes, lengths or options.
 */
export function trainLogistic(
  X: Float64Array,
  nRows: number,
  nFeatures: number,
  y: ClassTarget,
  options: LogisticOptions = {},
): LogisticModel {
  assertMatrix(X, nRows, nFeatures);
  let nClasses = options.nClasses;
  if (nClasses === undefined) {
    nClasses = 0;
    for (let i = 0; i < y.length; i++) nClasses = Math.max(nClasses, y[i] + 1);
  }
  const classes = toClassIndices(y, nRows, nClasses);
  const C = options.C ?? 1;
  const tol = options.tol ?? 1e-4;
  const maxIter = options.maxIter ?? 100;
  if (!(C > 0)) throw new RangeError(`C must be > 0, got ${C}`);
  if (!(tol > 0)) throw new RangeError(`tol must be > 0, got ${tol}`);
  assertCount(maxIter, 'maxIter', 1);
  if (options.sampleWeight !== undefined) assertSampleWeight(options.sampleWeight, nRows);
  const scaler = fitStandardScaler(X, nRows, nFeatures);
  const problem: LogisticProblem = {
    X: standardize(X, nRows, scaler),
    nRows,
    nFeatures,
    y: classes,
    nClasses,
    C,
    fitIntercept: options.fitIntercept ?? true,
    sampleWeight: options.sampleWeight,
  };
  const { nOutputs, rowLength } = coefShape(problem);
  const scratch = new Float64Array(nOutputs * nRows);
  const objective = (coef: Float64Array, grad: Float64Array) => computeLossAndGradient(problem, coef, grad, scratch);
  const result = minimizeLbfgs(objective, new Float64Array(nOutputs * rowLength), { tol, maxIter });
  const coef = new Float64Array(nOutputs * nFeatures);
  const intercept = new Float64Array(nOutputs);
  for (let k = 0; k < nOutputs; k++) {
    coef.set(result.x.subarray(k * rowLength, k * rowLength + nFeatures), k * nFeatures);
    if (problem.fitIntercept) intercept[k] = result.x[k * rowLength + nFeatures];
  }
  const { nIter, isConverged } = result;
  return { nFeatures, nClasses, mean: scaler.mean, scale: scaler.scale, coef, intercept, nIter, isConverged };
}
