import type { FlatTree } from '../tree/flat-tree.js';
import { allocateNodeArrays, type NodeArrays } from '../tree/layout.js';

/**
 * A whole forest as one struct of arrays over all trees' nodes: the NodeArrays of tree/layout.ts,
 * concatenated (sklearn predictor.py's node record). Node ids are global: tree t starts at
 * treeRoot[t] and its children point into the same arrays, so left/right of a leaf are 0 and of a
 * split always right = left + 1.
 */
export interface FlatForest extends NodeArrays {
  task: 'classification' | 'regression';
  nFeatures: number;
  /** Values per node: nClasses for classification, 1 for regression. */
  nOutputs: number;
  nTrees: number;
  nNodes: number;
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
    ...allocateNodeArrays(nNodes, nOutputs),
    treeRoot: new Uint32Array(trees.length),
  };
  let base = 0;
  trees.forEach((tree, t) => {
    forest.treeRoot[t] = base;
    forest.feature.set(tree.feature, base);
    forest.threshold.set(tree.threshold, base);
    forest.missingLeft.set(tree.missingLeft, base);
    forest.value.set(tree.value, base * nOutputs);
    // Children become global ids; a leaf keeps 0.
    for (let i = 0; i < tree.nNodes; i++) {
      if (tree.feature[i] < 0) continue;
      forest.left[base + i] = base + tree.left[i];
      forest.right[base + i] = base + tree.right[i];
    }
    base += tree.nNodes;
  });
  return forest;
}
