import { MAX_BINS } from '../tree/layout.js';
import { assertCount } from '../validation/input-checks.js';

/** Losses of the classifier (log_loss: binary or multiclass by nClasses) and of the regressor. */
export type BoostingLossName = 'log_loss' | 'squared_error' | 'absolute_error' | 'poisson';

/**
 * Options of trainBoosting, named after scikit-learn's HistGradientBoosting parameters (camelCase, as
 * ForestOptions; `seed` is random_state) with the same defaults.
 */
export interface BoostingOptions {
  /** 'log_loss' for class indices (the default then); 'squared_error' (default), 'absolute_error' or 'poisson' for values. */
  loss?: BoostingLossName;
  /** Classification only: number of classes, y in [0, nClasses). Default max(y) + 1. */
  nClasses?: number;
  /** Shrinkage of every leaf value, > 0. Default 0.1. */
  learningRate?: number;
  /** Boosting iterations (one tree per iteration, or one per class for multiclass). Default 100. */
  maxIter?: number;
  /** Leaves per tree, >= 2, or null for no limit. Default 31. */
  maxLeafNodes?: number | null;
  /** Deepest node depth (root = 0), or null for no limit. Default null. */
  maxDepth?: number | null;
  /** Fewest training rows per leaf. Default 20. */
  minSamplesLeaf?: number;
  /** L2 penalty λ on leaf values (G²/(H+λ)), >= 0. Default 0. */
  l2Regularization?: number;
  /**
   * Most non-missing bins per feature, in [2, 255]. Binning happens before trainBoosting
   * (fitBoostingBins); trainBoosting checks that the matrix it is given respects it. Default 255.
   */
  maxBins?: number;
  /** Fraction of features, in (0, 1], drawn at random for each split. Default 1. */
  maxFeatures?: number;
  /** 'auto' stops early when there are more than 10,000 rows. Default 'auto'. */
  earlyStopping?: 'auto' | boolean;
  /** Rows held out to score early stopping, in (0, 1), or null to score on the training loss. Default 0.1. */
  validationFraction?: number | null;
  /** Stop when the last nIterNoChange scores did not improve on the one before them by more than tol. Default 10. */
  nIterNoChange?: number;
  /** Default 1e-7. */
  tol?: number;
  /** random_state: the validation split, the feature draws and the loss subsample. Default 0. */
  seed?: number;
  /** Float64Array (nRows,): a weight per row, >= 0 (sklearn's sample_weight; class_weight folds into it). */
  sampleWeight?: Float64Array;
  /**
   * Called in the calling thread after each iteration with the count so far and maxIter, so that a
   * job can report progress. It does not change the model.
   */
  onIteration?: (nIter: number, maxIter: number) => void;
}

/** The options with every default filled in and every bound checked. */
export interface ResolvedBoostingOptions {
  loss: BoostingLossName;
  learningRate: number;
  maxIter: number;
  /** Infinity for no limit. */
  maxLeafNodes: number;
  /** Infinity for no limit. */
  maxDepth: number;
  minSamplesLeaf: number;
  l2Regularization: number;
  maxBins: number;
  maxFeatures: number;
  isEarlyStopping: boolean;
  validationFraction: number | null;
  nIterNoChange: number;
  tol: number;
  seed: number;
}

/** sklearn's early_stopping='auto' threshold. */
export const EARLY_STOPPING_AUTO_ROWS = 10_000;

/**
 * Fills in defaults and checks bounds; each error names the option, the value received and what is
 * accepted.
 *
 * @throws RangeError on a value out of bounds or a loss that does not fit the target.
 */
export function resolveBoostingOptions(options: BoostingOptions, isClassification: boolean, nRows: number): ResolvedBoostingOptions {
  const loss = options.loss ?? (isClassification ? 'log_loss' : 'squared_error');
  if (isClassification !== (loss === 'log_loss')) {
    const accepted = isClassification ? "'log_loss'" : "'squared_error', 'absolute_error' or 'poisson'";
    throw new RangeError(`loss '${loss}' does not fit a ${isClassification ? 'classification' : 'regression'} target: use ${accepted}`);
  }
  const learningRate = options.learningRate ?? 0.1;
  assertPositive(learningRate, 'learningRate');
  const maxIter = options.maxIter ?? 100;
  assertCount(maxIter, 'maxIter', 1);
  const maxLeafNodes = options.maxLeafNodes === undefined ? 31 : options.maxLeafNodes;
  if (maxLeafNodes !== null) assertCount(maxLeafNodes, 'maxLeafNodes', 2);
  const maxDepth = options.maxDepth ?? null;
  if (maxDepth !== null) assertCount(maxDepth, 'maxDepth', 1);
  const minSamplesLeaf = options.minSamplesLeaf ?? 20;
  assertCount(minSamplesLeaf, 'minSamplesLeaf', 1);
  const l2Regularization = options.l2Regularization ?? 0;
  if (!(l2Regularization >= 0 && l2Regularization < Infinity)) throw new RangeError(`l2Regularization must be a finite number >= 0, got ${l2Regularization}`);
  const maxBins = options.maxBins ?? MAX_BINS;
  if (!Number.isInteger(maxBins) || maxBins < 2 || maxBins > MAX_BINS) throw new RangeError(`maxBins must be an integer in [2, ${MAX_BINS}], got ${maxBins}`);
  const maxFeatures = options.maxFeatures ?? 1;
  if (!(maxFeatures > 0 && maxFeatures <= 1)) throw new RangeError(`maxFeatures must be a fraction in (0, 1], got ${maxFeatures}`);
  const earlyStopping = options.earlyStopping ?? 'auto';
  if (earlyStopping !== 'auto' && typeof earlyStopping !== 'boolean') throw new RangeError(`earlyStopping must be 'auto', true or false, got ${String(earlyStopping)}`);
  const validationFraction = options.validationFraction === undefined ? 0.1 : options.validationFraction;
  if (validationFraction !== null && !(validationFraction > 0 && validationFraction < 1)) {
    throw new RangeError(`validationFraction must be a fraction in (0, 1) or null, got ${validationFraction}`);
  }
  const nIterNoChange = options.nIterNoChange ?? 10;
  assertCount(nIterNoChange, 'nIterNoChange', 1);
  const tol = options.tol ?? 1e-7;
  if (!(tol >= 0 && tol < Infinity)) throw new RangeError(`tol must be a finite number >= 0, got ${tol}`);
  const seed = options.seed ?? 0;
  if (!Number.isInteger(seed) || seed < 0 || seed > 0xffffffff) throw new RangeError(`seed must be an integer in [0, 2^32), got ${seed}`);
  return {
    loss,
    learningRate,
    maxIter,
    maxLeafNodes: maxLeafNodes ?? Infinity,
    maxDepth: maxDepth ?? Infinity,
    minSamplesLeaf,
    l2Regularization,
    maxBins,
    maxFeatures,
    isEarlyStopping: earlyStopping === 'auto' ? nRows > EARLY_STOPPING_AUTO_ROWS : earlyStopping,
    validationFraction,
    nIterNoChange,
    tol,
    seed,
  };
}

function assertPositive(value: number, name: string): void {
  if (!(value > 0 && value < Infinity)) throw new RangeError(`${name} must be a finite number > 0, got ${value}`);
}
