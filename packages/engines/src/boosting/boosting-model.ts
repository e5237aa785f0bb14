import { concatTrees, type FlatForest } from '../forest/flat-forest.js';
import type { BoostingLossName } from './boosting-options.js';
import type { BoostedTree } from './grow-boosted-tree.js';

/**
 * A trained gradient-boosting model. Its trees are regression trees on gradients, joined into one
 * FlatForest (task 'regression', one output per node), so they walk with the forest's split codes.
 * Tree t = iteration × nTreesPerIteration + k adds its leaf value to raw score k; the raw score of a
 * row is baseline[k] plus those values (log-odds for binary log loss, softmax scores for multiclass,
 * log of the mean for poisson, the prediction itself for squared and absolute error).
 */
export interface BoostingModel {
  loss: BoostingLossName;
  nFeatures: number;
  /** Classes of a log-loss model (2 for binary); 0 for a regressor. */
  nClasses: number;
  /** Raw scores per row: nClasses for multiclass log loss, else 1. */
  nTreesPerIteration: number;
  /** Iterations kept (sklearn's n_iter_): trees.nTrees = nIter × nTreesPerIteration. */
  nIter: number;
  /** Float64Array (nTreesPerIteration,): the raw score before any tree. */
  baseline: Float64Array;
  trees: FlatForest;
  /** Uint8Array (trees.nNodes,): each split's bin (rows with bin <= it go left), by global node id. */
  binThreshold: Uint8Array;
  /** Float64Array (trees.nNodes,): training rows that reached each node (TreeSHAP's cover). */
  cover: Float64Array;
  /** Float64Array (trees.nNodes,): each split's gain, 0 for leaves (gain importance). */
  gain: Float64Array;
}

/** What trainBoosting returns: the model and how its training went. */
export interface BoostingResult {
  model: BoostingModel;
  /** Iterations run (sklearn's n_iter_), fewer than maxIter when early stopping stopped. */
  nIter: number;
  /**
   * Float64Array (nIter + 1,): mean training loss before any tree (index 0) and after each iteration,
   * on at most LOSS_SUBSAMPLE_ROWS training rows (sklearn's train_score_ is −loss).
   */
  trainLoss: Float64Array;
  /** Float64Array (nIter + 1,): the same on the held-out rows (the validation curve), or null without them. */
  validationLoss: Float64Array | null;
  /** Float64Array (nFeatures,): each feature's total split gain over all trees, summing to 1 (all 0 without splits). */
  featureImportance: Float64Array;
}

/** Joins the trees, in growth order, into a BoostingModel. */
export function assembleBoostingModel(
  trees: BoostedTree[],
  header: Pick<BoostingModel, 'loss' | 'nFeatures' | 'nClasses' | 'nTreesPerIteration' | 'baseline'>,
): BoostingModel {
  const forest = concatTrees(trees, 'regression', header.nFeatures, 1);
  const binThreshold = new Uint8Array(forest.nNodes);
  const cover = new Float64Array(forest.nNodes);
  const gain = new Float64Array(forest.nNodes);
  trees.forEach((tree, t) => {
    const base = forest.treeRoot[t];
    binThreshold.set(tree.binThreshold, base);
    cover.set(tree.cover, base);
    gain.set(tree.gain, base);
  });
  return { ...header, nIter: trees.length / header.nTreesPerIteration, trees: forest, binThreshold, cover, gain };
}

/** Total gain of each feature's splits, normalized to sum 1 (LightGBM's importance_type='gain'). */
export function gainImportance(model: BoostingModel): Float64Array {
  const { feature, nNodes } = model.trees;
  const importance = new Float64Array(model.nFeatures);
  let total = 0;
  for (let node = 0; node < nNodes; node++) {
    if (feature[node] < 0) continue;
    importance[feature[node]] += model.gain[node];
    total += model.gain[node];
  }
  if (total > 0) for (let f = 0; f < importance.length; f++) importance[f] /= total;
  return importance;
}
