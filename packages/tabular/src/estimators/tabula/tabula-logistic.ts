import {
  logisticFromArraySet,
  logisticToArraySet,
  predictLogisticProba,
  serializeLogistic,
  trainLogistic,
  type LogisticModel,
  type LogisticOptions,
} from '@tabula/engines';
import type { LogisticRegressionParams } from '@tabula/contracts';
import { argmaxRows, type Estimator, type EstimatorState, type TrainingData } from '../estimator.js';
import { bytesToBase64, readEngineArrays, toClassIndices, writeArrayFiles } from './tabula-codec.js';

type LogisticState = Extract<EstimatorState, { kind: 'tabula-logistic' }>;

/**
 * Maps scikit-learn LogisticRegression params to @tabula/engines' trainLogistic options (L-BFGS,
 * like sklearn's default solver). penalty=null is C = Infinity. The engine standardizes the
 * features first, as make_pipeline(StandardScaler(), LogisticRegression()) would.
 */
export function mapTabulaLogisticOptions(params: LogisticRegressionParams, nClasses: number): Required<Omit<LogisticOptions, 'sampleWeight'>> {
  return {
    nClasses,
    C: params.penalty === null ? Infinity : params.C,
    tol: params.tol,
    maxIter: params.max_iter,
    fitIntercept: params.fit_intercept,
  };
}

/** Fits a @tabula/engines logistic regression (sigmoid for two classes, softmax above). */
export function fitTabulaLogistic(params: LogisticRegressionParams, data: TrainingData): Estimator {
  const { X, nRows, nFeatures, y, nClasses, sampleWeight } = data;
  const options = mapTabulaLogisticOptions(params, nClasses);
  const model = trainLogistic(X, nRows, nFeatures, toClassIndices(y), { ...options, sampleWeight });
  const engineOptions = {
    library: '@tabula/engines',
    trainer: 'trainLogistic',
    ...options,
    // JSON has no Infinity; spell it out so the stored options read back the same.
    C: options.C === Infinity ? 'Infinity' : options.C,
    standardized: true,
    // The weights themselves are data, not options: say that they were passed (class_balance records which).
    ...(sampleWeight === undefined ? {} : { sampleWeight: 'per-row class weights' }),
  };
  return new TabulaLogistic(model, engineOptions);
}

/**
 * Rebuilds a fitted model from its saved state: base64 inside it (format 1) or the raw array files it
 * lists (format 2). Throws if the arrays are not a model of the stated shape.
 */
export function loadTabulaLogistic(state: LogisticState, files: Record<string, Uint8Array> = {}): Estimator {
  const model = logisticFromArraySet(readEngineArrays(state.model, files));
  if (model.nFeatures !== state.nFeatures || model.nClasses !== state.nClasses) {
    throw new TypeError(`the model has ${model.nFeatures} features and ${model.nClasses} classes, the state says ${state.nFeatures} and ${state.nClasses}`);
  }
  return new TabulaLogistic(model, state.engineOptions);
}

class TabulaLogistic implements Estimator {
  readonly nFeatures: number;

  constructor(
    private readonly model: LogisticModel,
    readonly engineOptions: Record<string, unknown>,
  ) {
    this.nFeatures = model.nFeatures;
  }

  estimateBytes(): number {
    const { mean, scale, coef, intercept } = this.model;
    const buffers = new Set([mean, scale, coef, intercept].map((array) => array.buffer));
    return [...buffers].reduce((sum, buffer) => sum + buffer.byteLength, 0);
  }

  predict(X: Float64Array, nRows: number): Float64Array {
    return argmaxRows(this.predictProba(X, nRows), nRows, this.model.nClasses);
  }

  predictProba(X: Float64Array, nRows: number): Float64Array {
    return predictLogisticProba(this.model, X, nRows);
  }

  toJSON(): LogisticState {
    return this.stateWith(bytesToBase64(serializeLogistic(this.model)));
  }

  toArrayFiles(): { state: LogisticState; files: Record<string, Uint8Array> } {
    const { listing, files } = writeArrayFiles('logistic', logisticToArraySet(this.model));
    return { state: this.stateWith(listing), files };
  }

  private stateWith(model: LogisticState['model']): LogisticState {
    return { kind: 'tabula-logistic', nFeatures: this.nFeatures, nClasses: this.model.nClasses, engineOptions: this.engineOptions, model };
  }
}
