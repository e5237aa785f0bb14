import type { RandomForestClassifierParams, RandomForestRegressorParams } from '@tabula/contracts';

/** The ml-cart tree options we set (see node_modules/ml-cart/src/TreeNode.js for their meaning). */
export interface CartOptions {
  gainFunction: 'gini' | 'regression';
  splitFunction: 'mean';
  /** A node with at most this many rows becomes a leaf. */
  minNumSamples: number;
  maxDepth?: number;
  gainThreshold?: number;
}

/** The ml-random-forest options we set; all JSON, so they can be stored as engine_options. */
export interface ForestLibraryOptions {
  nEstimators: number;
  /** A fraction in (0, 1] of the features, or a whole count above 1 (the library reads 1 as 100 %). */
  maxFeatures: number;
  replacement: false;
  useSampleBagging: boolean;
  noOOB: true;
  seed: number;
  treeOptions: CartOptions;
  selectionMethod?: 'mean';
}

export interface ForestMapping {
  options: ForestLibraryOptions;
  /** Features each tree sees. */
  featuresPerTree: number;
  /** scikit-learn params the library cannot honour as given, and what was done instead. */
  unsupported: Record<string, string>;
}

// ml-cart's default 0.01 stops imbalanced trees at the root, where the best Gini gain is small;
// this only filters out float noise on useless splits.
const GAIN_THRESHOLD = 1e-9;

/**
 * Maps scikit-learn forest params to ml-random-forest options for a matrix of `nFeatures` columns.
 * Features are sampled per tree without replacement (with replacement, a tree gets duplicate
 * columns); out-of-bag scoring is off (it is quadratic in the rows).
 */
export function mapForestOptions(
  params: RandomForestClassifierParams | RandomForestRegressorParams,
  nFeatures: number,
  isClassifier: boolean,
  seed: number,
): ForestMapping {
  const unsupported: Record<string, string> = {};
  let featuresPerTree = resolveMaxFeatures(params.max_features, nFeatures);
  if (params.max_features === 'sqrt' || params.max_features === 'log2') {
    // sklearn draws sqrt(d) candidates at every split, so a tree still reaches every feature; a
    // tree held to sqrt(d) features for all its splits is far weaker. Measured over 10 splits
    // (balanced accuracy, sklearn in brackets): churn sample sqrt 0.54, half 0.70, 3/4 0.70 (0.71);
    // 10 %-positive binary set half 0.64, 3/4 0.85 (0.82). Three quarters per tree it is.
    featuresPerTree = Math.max(featuresPerTree, Math.ceil((3 * nFeatures) / 4));
    unsupported.max_features = `ml-random-forest samples features per tree, not per split; "${params.max_features}" became 3/4 of the features per tree`;
  } else if (featuresPerTree > nFeatures) {
    unsupported.max_features = `${featuresPerTree} is more than the ${nFeatures} features, so all are used`;
    featuresPerTree = nFeatures;
  }
  if (isClassifier && params.criterion === 'entropy') unsupported.criterion = 'ml-cart splits on gini only; gini used';
  if (params.min_samples_leaf > 1) {
    unsupported.min_samples_leaf = 'ml-cart has no leaf-size limit; nodes with fewer than 2 × min_samples_leaf rows are not split';
  }
  if (params.n_jobs !== null) unsupported.n_jobs = 'ml-random-forest trains on one thread';

  const treeOptions: CartOptions = {
    gainFunction: isClassifier ? 'gini' : 'regression',
    splitFunction: 'mean',
    // sklearn splits a node of n rows when n >= min_samples_split and both sides can hold min_samples_leaf.
    minNumSamples: Math.max(params.min_samples_split - 1, 2 * params.min_samples_leaf - 1),
  };
  if (params.max_depth !== null) treeOptions.maxDepth = params.max_depth;
  // For regression trees ml-cart compares the children's squared error with the threshold, so leave it at 0.
  if (isClassifier) treeOptions.gainThreshold = GAIN_THRESHOLD;

  const options: ForestLibraryOptions = {
    nEstimators: params.n_estimators,
    maxFeatures: toLibraryMaxFeatures(featuresPerTree, nFeatures),
    replacement: false,
    useSampleBagging: params.bootstrap,
    noOOB: true,
    seed,
    treeOptions,
  };
  if (!isClassifier) options.selectionMethod = 'mean';
  return { options, featuresPerTree, unsupported };
}

/** scikit-learn's reading of max_features as a count of features (at least 1). */
export function resolveMaxFeatures(maxFeatures: RandomForestClassifierParams['max_features'], nFeatures: number): number {
  if (maxFeatures === null) return nFeatures;
  if (maxFeatures === 'sqrt') return Math.max(1, Math.floor(Math.sqrt(nFeatures)));
  if (maxFeatures === 'log2') return Math.max(1, Math.floor(Math.log2(nFeatures)));
  if (maxFeatures <= 1) return Math.max(1, Math.floor(maxFeatures * nFeatures));
  return maxFeatures;
}

function toLibraryMaxFeatures(count: number, nFeatures: number): number {
  // The library takes 1 as the fraction 100 %; one feature of several must be a fraction that floors to 1.
  if (count === 1 && nFeatures > 1) return 1.5 / nFeatures;
  return count === nFeatures ? 1 : count;
}
