import LogisticRegression from 'ml-logistic-regression';
import { Matrix } from 'ml-matrix';
import type { LogisticRegressionParams } from '@tabula/contracts';
import { argmaxRows, toRowMatrix, type Estimator, type EstimatorState, type TrainingData } from '../estimator.js';
import { mapLogisticOptions } from './logistic-options.js';

type LogisticState = Extract<EstimatorState, { kind: 'mljs-logistic-regression' }>;

const POWER_ITERATIONS = 50;

/**
 * Fits ml-logistic-regression (one-vs-rest) on standardized features, with a column of ones as the
 * intercept since the library has none. The scaling is saved with the model.
 */
export function fitLogisticRegression(params: LogisticRegressionParams, data: TrainingData): Estimator {
  const { X, nRows, nFeatures } = data;
  const { means, scales } = fitScaling(X, nRows, nFeatures);
  const Z = toRowMatrix(X, nRows, nFeatures, {
    scale: (value, featureIdx) => (value - means[featureIdx]) / scales[featureIdx],
    appendOnes: params.fit_intercept,
  });
  const { options, unsupported } = mapLogisticOptions(params, nRows, largestEigenvalue(Z));
  const model = new LogisticRegression(options);
  model.train(Z, Matrix.columnVector(Array.from(data.y)));
  const engineOptions = { library: 'ml-logistic-regression', ...options, standardized: true, interceptColumn: params.fit_intercept, unsupported };
  return new MljsLogisticRegression(model, { nFeatures, nClasses: data.nClasses, engineOptions, means, scales, fitIntercept: params.fit_intercept });
}

/** Rebuilds a fitted model from its saved state; throws if the library rejects it. */
export function loadLogisticRegression(state: LogisticState): Estimator {
  if (state.means.length !== state.nFeatures || state.scales.length !== state.nFeatures) {
    throw new RangeError(`scaling has ${state.means.length}/${state.scales.length} entries for ${state.nFeatures} features`);
  }
  const { means, scales, fitIntercept, nFeatures, nClasses, engineOptions } = state;
  return new MljsLogisticRegression(LogisticRegression.load(state.model), { nFeatures, nClasses, engineOptions, means, scales, fitIntercept });
}

type Scaling = Omit<LogisticState, 'kind' | 'model'>;

class MljsLogisticRegression implements Estimator {
  readonly nFeatures: number;
  readonly engineOptions: Record<string, unknown>;

  constructor(
    private readonly model: LogisticRegression,
    private readonly scaling: Scaling,
  ) {
    this.nFeatures = scaling.nFeatures;
    this.engineOptions = scaling.engineOptions;
  }

  predict(X: Float64Array, nRows: number): Float64Array {
    return argmaxRows(this.predictProba(X, nRows), nRows, this.scaling.nClasses);
  }

  /** One-vs-rest scores normalized per row, as scikit-learn's ovr LogisticRegression does. */
  predictProba(X: Float64Array, nRows: number): Float64Array {
    const { means, scales, fitIntercept, nClasses } = this.scaling;
    const Z = toRowMatrix(X, nRows, this.nFeatures, {
      scale: (value, featureIdx) => (value - means[featureIdx]) / scales[featureIdx],
      appendOnes: fitIntercept,
    });
    const proba = new Float64Array(nRows * nClasses);
    this.model.classifiers.forEach((classifier, classIdx) => {
      // The library trains class c as label 0 against the rest, so its score is P(not c).
      const notClass = classifier.testScores(Z);
      for (let row = 0; row < nRows; row++) proba[row * nClasses + classIdx] = 1 - notClass[row];
    });
    for (let row = 0; row < nRows; row++) {
      let total = 0;
      for (let c = 0; c < nClasses; c++) total += proba[row * nClasses + c];
      for (let c = 0; c < nClasses; c++) proba[row * nClasses + c] = total > 0 ? proba[row * nClasses + c] / total : 1 / nClasses;
    }
    return proba;
  }

  toJSON(): LogisticState {
    return { kind: 'mljs-logistic-regression', ...this.scaling, model: JSON.parse(JSON.stringify(this.model)) as Record<string, unknown> };
  }
}

/** Column means and standard deviations; a constant column gets scale 1 so it stays finite. */
function fitScaling(X: Float64Array, nRows: number, nFeatures: number): { means: number[]; scales: number[] } {
  const means: number[] = [];
  const scales: number[] = [];
  for (let featureIdx = 0; featureIdx < nFeatures; featureIdx++) {
    const column = X.subarray(featureIdx * nRows, (featureIdx + 1) * nRows);
    let mean = 0;
    for (let row = 0; row < nRows; row++) mean += column[row];
    mean /= nRows;
    let variance = 0;
    for (let row = 0; row < nRows; row++) variance += (column[row] - mean) ** 2;
    const std = Math.sqrt(variance / nRows);
    means.push(mean);
    scales.push(std > 1e-12 ? std : 1);
  }
  return { means, scales };
}

/** Largest eigenvalue of ZᵀZ / nRows by power iteration (it bounds the log-likelihood's curvature). */
function largestEigenvalue(Z: Matrix): number {
  const Zt = Z.transpose();
  let v = Matrix.ones(Z.columns, 1);
  let lambda = 1;
  for (let i = 0; i < POWER_ITERATIONS; i++) {
    const w = Zt.mmul(Z.mmul(v)).div(Z.rows);
    const norm = w.norm();
    if (norm === 0) break;
    lambda = norm / v.norm();
    v = w.div(norm);
  }
  return Math.max(lambda, 1e-12);
}
