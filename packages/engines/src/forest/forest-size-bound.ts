import { NODE_ARRAY_NAMES, allocateNodeArrays } from '../tree/layout.js';

/** Bytes one node takes in a grown tree's NodeArrays (tree/layout.ts), read off the layout itself so the two cannot drift. */
export function nodeBytes(nOutputs: number): number {
  const oneNode = allocateNodeArrays(1, nOutputs);
  return NODE_ARRAY_NAMES.reduce((sum, name) => sum + oneNode[name].byteLength, 0);
}

export interface ForestSizeInput {
  /** Training rows the trees grow on. */
  nRows: number;
  nTrees: number;
  /** Values per node: nClasses for a classifier, 1 for a regressor. */
  nOutputs: number;
  bootstrap: boolean;
  /** What the trees' node arrays may take together. */
  budgetBytes: number;
}

/**
 * The smallest min_samples_leaf that keeps nTrees trees' nodes within budgetBytes, whatever the data:
 * a leaf keeps at least min_samples_leaf distinct rows, so a tree has at most distinct / min_samples_leaf
 * leaves and twice as many nodes. A bootstrap sample holds 1 − (1 − 1/n)^n ≈ 63.2% of the rows distinct
 * (its spread, about 0.5·√n rows, is far below one leaf's worth at the sizes where a bound applies).
 * Fully grown trees have about as many nodes as rows, so on millions of rows the forest alone would
 * take gigabytes; 1 means no bound is needed. The tree being grown may briefly hold twice its nodes
 * (its arrays double as it grows), which is one tree's worth, not the forest's.
 */
export function minSamplesLeafForBudget({ nRows, nTrees, nOutputs, bootstrap, budgetBytes }: ForestSizeInput): number {
  if (!(budgetBytes > 0)) throw new RangeError(`budgetBytes must be positive, got ${budgetBytes}`);
  const distinctRows = bootstrap ? nRows * (1 - Math.pow(1 - 1 / nRows, nRows)) : nRows;
  const maxLeavesPerTree = budgetBytes / nTrees / nodeBytes(nOutputs) / 2;
  return Math.max(1, Math.ceil(distinctRows / maxLeavesPerTree));
}
