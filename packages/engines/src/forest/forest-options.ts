import type { Criterion, GrowerOptions, HistogramStrategy } from '../tree/layout.js';
import { assertCount } from '../validation/input-checks.js';

/** Options of trainForest / trainForestSync, named after scikit-learn's RandomForest parameters. */
export interface ForestOptions {
  /** Classification only: number of classes, y in [0, nClasses). Default max(y) + 1. */
  nClasses?: number;
  /** Trees in the forest (sklearn n_estimators). Default 100. */
  nEstimators?: number;
  /** 'gini' (default) or 'entropy' for classification; 'squared_error' (default) for regression. */
  criterion?: Criterion;
  /**
   * Features drawn per split: 'sqrt', 'log2', null (all), a fraction in (0, 1], or a whole number above
   * 1. Default 'sqrt' for classification and null for regression, as in scikit-learn.
   */
  maxFeatures?: 'sqrt' | 'log2' | number | null;
  /** Deepest node depth (root = 0); null grows until leaves are pure or too small. Default null. */
  maxDepth?: number | null;
  /** Fewest distinct rows a node needs to be split. Default 2. */
  minSamplesSplit?: number;
  /** Fewest distinct rows each child must keep. Default 1. */
  minSamplesLeaf?: number;
  /** Grow each tree on a bootstrap sample (as per-row counts). Default true. */
  bootstrap?: boolean;
  /** Seed of the whole forest: tree i draws from (seed, i). Default 0. */
  seed?: number;
  /**
   * Worker threads for trainForest; negative counts back from the cores (-1 = all). Default: every
   * core per navigator.hardwareConcurrency (Node >= 21), or 1 on Node 20, which lacks it.
   */
  nJobs?: number | null;
  /** How node histograms are obtained; 'auto' picks per maxFeatures (see HistogramStrategy). */
  histogramStrategy?: HistogramStrategy;
  /**
   * Called in the calling thread each time a tree is complete, with the count so far and the total,
   * so that a long training can report progress. It does not change the forest.
   */
  onTreeGrown?: (nGrown: number, nTrees: number) => void;
  /**
   * Float64Array (nRows,): a weight per training row, >= 0 (sklearn's fit(sample_weight=…), e.g.
   * class weights). It multiplies each tree's bootstrap counts; a row of weight 0 is left out.
   */
  sampleWeight?: Float64Array;
}

/** Everything a tree needs to grow, plain data so that it can be posted to a worker. */
export interface ResolvedForestOptions {
  nEstimators: number;
  bootstrap: boolean;
  seed: number;
  /** Validated against nRows by the caller; null means every row weighs 1. */
  sampleWeight: Float64Array | null;
  grower: GrowerOptions;
}

export function resolveForestOptions(
  options: ForestOptions,
  isClassification: boolean,
  nFeatures: number,
): ResolvedForestOptions {
  const nEstimators = options.nEstimators ?? 100;
  assertCount(nEstimators, 'nEstimators', 1);
  const criterion = options.criterion ?? (isClassification ? 'gini' : 'squared_error');
  if (isClassification !== (criterion !== 'squared_error')) {
    throw new RangeError(`criterion '${criterion}' does not fit a ${isClassification ? 'classification' : 'regression'} target`);
  }
  const maxDepth = options.maxDepth ?? Infinity;
  if (maxDepth !== Infinity) assertCount(maxDepth, 'maxDepth', 1);
  const minSamplesSplit = options.minSamplesSplit ?? 2;
  assertCount(minSamplesSplit, 'minSamplesSplit', 2);
  const minSamplesLeaf = options.minSamplesLeaf ?? 1;
  assertCount(minSamplesLeaf, 'minSamplesLeaf', 1);
  const seed = options.seed ?? 0;
  if (!Number.isInteger(seed) || seed < 0 || seed > 0xffffffff) throw new RangeError(`seed must be an integer in [0, 2^32), got ${seed}`);
  const defaultMaxFeatures = isClassification ? 'sqrt' : null;
  const maxFeatures = resolveMaxFeatures(options.maxFeatures === undefined ? defaultMaxFeatures : options.maxFeatures, nFeatures);
  const strategy = options.histogramStrategy ?? 'auto';
  if (!['auto', 'sampled', 'subtract'].includes(strategy)) throw new RangeError(`unknown histogramStrategy '${strategy}'`);
  return {
    nEstimators,
    bootstrap: options.bootstrap ?? true,
    seed,
    sampleWeight: options.sampleWeight ?? null,
    grower: {
      criterion,
      maxFeatures,
      maxDepth,
      minSamplesSplit,
      minSamplesLeaf,
      // Subtraction needs every feature's histogram at each node; with a few sampled features,
      // building just those is cheaper (measured while the engine was built).
      histogramStrategy: strategy === 'auto' ? (maxFeatures === nFeatures ? 'subtract' : 'sampled') : strategy,
    },
  };
}

function resolveMaxFeatures(maxFeatures: 'sqrt' | 'log2' | number | null, nFeatures: number): number {
  if (maxFeatures === null) return nFeatures;
  if (maxFeatures === 'sqrt') return Math.max(1, Math.floor(Math.sqrt(nFeatures)));
  if (maxFeatures === 'log2') return Math.max(1, Math.floor(Math.log2(nFeatures)));
  if (typeof maxFeatures === 'number' && maxFeatures > 0 && maxFeatures <= 1) return Math.max(1, Math.floor(maxFeatures * nFeatures));
  if (typeof maxFeatures === 'number' && Number.isInteger(maxFeatures) && maxFeatures > 1 && maxFeatures <= nFeatures) return maxFeatures;
  throw new RangeError(
    `maxFeatures must be 'sqrt', 'log2', null, a fraction in (0, 1] or an integer in [2, nFeatures = ${nFeatures}], got ${String(maxFeatures)}`,
  );
}
