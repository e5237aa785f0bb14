import type { FlatTree } from '../tree/flat-tree.js';

/**
 * A whole forest as one struct of arrays over all trees' nodes (sklearn predictor.py's node record,
 * concatenated). Node ids are global: tree t starts at treeRoot[t] and its children point into the
 * same arrays. A leaf has feature -1; a row goes left when x[feature] <= threshold, or when x is NaN
 * and missingLeft is 1.
 */
export interface FlatForest {
  task: 'classification' | 'regression';
  nFeatures: number;
  /** Values per node: nClasses for classification, 1 for regression. */
  nOutputs: number;
  nTrees: number;
  nNodes: number;
  /** Int32Array (nNodes,): split feature, -1 for leaves. */
  feature: Int32Array;
  /** Float64Array (nNodes,): threshold in raw feature units (no binning at prediction). */
  threshold: Float64Array;
  /** Uint8Array (nNodes,): 1 when NaN goes left. */
  missingLeft: Uint8Array;
  /** Uint32Array (nNodes,): global ids of the children, 0 for leaves; always right = left + 1. */
  left: Uint32Array;
  right: Uint32Array;
  /** Float64Array (nNodes * nOutputs,), row-major: class frequencies or the mean target of the node. */
  value: Float64Array;
  /** Uint32Array (nTrees,): global id of each tree's root. */
  treeRoot: Uint32Array;
}

/** Concatenates grown trees (in tree order) into one FlatForest. */
export function concatTrees(trees: FlatTree[], task: FlatForest['task'], nFeatures: number, nOutputs: number): FlatForest {
  let nNodes = 0;
  for (const tree of trees) nNodes += tree.nNodes;
  const forest: FlatForest = {
    task,
    nFeatures,
    nOutputs,
    nTrees: trees.length,
    nNodes,
    feature: new Int32Array(nNodes),
    threshold: new Float64Array(nNodes),
    missingLeft: new Uint8Array(nNodes),
    left: new Uint32Array(nNodes),
    right: new Uint32Array(nNodes),
    value: new Float64Array(nNodes * nOutputs),
    treeRoot: new Uint32Array(trees.length),
  };
  let base = 0;
  trees.forEach((tree, t) => {
    forest.treeRoot[t] = base;
    forest.feature.set(tree.feature, base);
    forest.threshold.set(tree.threshold, base);
    forest.missingLeft.set(tree.missingLeft, base);
    forest.value.set(tree.value, base * nOutputs);
    for (let i = 0; i < tree.nNodes; i++) {
      if (tree.feature[i] < 0) continue;
      forest.left[base + i] = base + tree.left[i];
      forest.right[base + i] = base + tree.right[i];
    }
    base += tree.nNodes;
  });
  return forest;
}
