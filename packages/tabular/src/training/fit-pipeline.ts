import { invalidInput, type ClassBalanceMethod, type FeatureSpec, type ModelLimits, type ModelSpec, type PreprocessingSpec } from '@tabula/contracts';
import { balanceClasses, type BalancedRows } from './class-balance.js';
import type { EncodedTarget } from '../preprocessing/encode-target.js';
import { fitEstimator } from '../estimators/fit-estimator.js';
import type { Estimator } from '../estimators/estimator.js';
import { fitPreprocessor } from '../preprocessing/fit-preprocessor.js';
import type { Frame } from '../frame.js';
import type { PreprocessorState } from '../preprocessing/preprocessor-state.js';
import type { UniformRng } from './training-rng.js';
import { transformFrame, type FeatureMatrix } from '../preprocessing/transform-frame.js';

export interface FitPipelineInput {
  frame: Frame;
  features: FeatureSpec[];
  target: EncodedTarget;
  /** Positions into the target's rows to fit on: a training split or a cross-validation fold's rest. */
  positions: Uint32Array;
  spec: ModelSpec;
  /** The engine's seed (the resolved random_state). */
  seed: number;
  classBalance: ClassBalanceMethod;
  /** Draws the resampling. */
  balanceRng: UniformRng;
  onTreeGrown?: (nGrown: number, nTrees: number) => void;
  /** Caps on categories per column and encoded features, checked once the preprocessing is fitted. */
  limits?: ModelLimits;
  /** Imputation, scaling and encoding; absent: today's (median, none, one-hot, the 200 most frequent categories). */
  preprocessing?: PreprocessingSpec;
}

export interface FittedPipeline {
  preprocessor: PreprocessorState;
  estimator: Estimator;
  /** Classifiers: how the rows were rebalanced; null for regression. */
  balance: BalancedRows | null;
}

/**
 * Fits preprocessing on the given rows as they are (so imputation sees the real distribution), then
 * rebalances them (classifiers) and fits the estimator on the result, as a scikit-learn / imbalanced-
 * learn pipeline does. Throws INVALID_INPUT when every feature is constant in those rows.
 */
export function fitPipeline(input: FitPipelineInput): FittedPipeline {
  const { frame, features, target, positions, spec, seed } = input;
  const preprocessor = fitPreprocessor(frame, features, toFrameRows(target, positions), input.limits, input.preprocessing);
  const nClasses = target.classLabels?.length ?? 0;
  const balance = target.classLabels === null ? null : balanceClasses(positions, target.y, target.classLabels, input.classBalance, input.balanceRng);
  const fitted = balance?.positions ?? positions;
  const train = transformFrame(preprocessor, frame, toFrameRows(target, fitted));
  assertSomeFeatureVaries(train, preprocessor);
  const data = { ...train, y: Float64Array.from(fitted, (i) => target.y[i]), nClasses, sampleWeight: balance?.sampleWeight };
  return { preprocessor, estimator: fitEstimator(spec, data, seed, input.onTreeGrown), balance };
}

/** Frame row numbers of positions into the target's rows. */
export function toFrameRows(target: EncodedTarget, positions: ArrayLike<number>): Uint32Array {
  return Uint32Array.from(positions, (i) => target.rows[i]);
}

function assertSomeFeatureVaries({ X, nRows, nFeatures }: FeatureMatrix, preprocessor: PreprocessorState): void {
  for (let featureIdx = 0; featureIdx < nFeatures; featureIdx++) {
    const offset = featureIdx * nRows;
    for (let row = 1; row < nRows; row++) if (X[offset + row] !== X[offset]) return;
  }
  const names = preprocessor.columns.map((column) => `"${column.name}"`).join(', ');
  throw invalidInput(`Every feature column is constant in the training rows, so there is nothing to learn from: ${names}.`, {
    hint: 'Add columns that vary between rows, or check that the file was exported correctly.',
  });
}
