import type { FlatForest } from '../forest/flat-forest.js';
import { addTreeLeavesByCode, buildSplitCodes, encodeBlock, listRowsByCompleteness, type SplitCodes } from '../forest/split-codes.js';
import { MISSING_BIN, type BinnedMatrix } from '../tree/layout.js';
import { scoresToProba } from '../link/scores-to-proba.js';
import { assertLayout, assertPredictMatrix, type PredictOptions } from '../validation/input-checks.js';
import type { BoostingModel } from './boosting-model.js';
import type { BoostedTree } from './grow-boosted-tree.js';

/** Values per block of rows walked tree by tree (see predict-forest.ts: each tree's nodes are read once per block). */
const BLOCK_VALUES = 1 << 19;

/** Each model's split codes, built at its first predict (null: more thresholds per feature than codes, never after binning). */
const splitCodesByTrees = new WeakMap<FlatForest, SplitCodes | null>();
const splitCodesOf = (trees: FlatForest): SplitCodes | null =>
  splitCodesByTrees.has(trees) ? splitCodesByTrees.get(trees)! : splitCodesByTrees.set(trees, buildSplitCodes(trees)).get(trees)!;

/**
 * Raw scores: baseline plus the sum of every tree's leaf value for its output. Rows go in blocks;
 * each tree walks a block's rows four at a time on the forest's split codes, and rows with a NaN
 * walk raw values (NaN takes each split's missing side).
 *
 * @param X Float64Array (nRows * nFeatures,) in options.layout (column-major by default).
 * @returns Float64Array (nRows * nTreesPerIteration,), row-major.
 */
export function predictBoostingRaw(model: BoostingModel, X: Float64Array, nRows: number, options: PredictOptions = {}): Float64Array {
  const layout = options.layout ?? 'column-major';
  assertLayout(layout);
  const { trees, nTreesPerIteration: K, baseline } = model;
  const { nFeatures, nTrees, treeRoot, value } = trees;
  assertPredictMatrix(X, nRows, nFeatures);
  const codes = splitCodesOf(trees);
  // Class-major while summing, so each tree adds into one contiguous output.
  const sums = new Float64Array(K * nRows);
  const outputs = Array.from({ length: K }, (_, k) => sums.subarray(k * nRows, (k + 1) * nRows));
  const blockRows = Math.max(1, Math.min(nRows, Math.floor(BLOCK_VALUES / nFeatures)));
  const encoded = new Uint8Array(blockRows * nFeatures);
  const order = new Int32Array(blockRows);
  for (let first = 0; first < nRows; first += blockRows) {
    const nBlock = Math.min(blockRows, nRows - first);
    let nCoded = 0;
    if (codes !== null) {
      const isComplete = encodeBlock(codes, X, layout, nRows, first, nBlock, encoded);
      if (isComplete) for (let r = 0; r < nBlock; r++) order[r] = r;
      nCoded = isComplete ? nBlock : listRowsByCompleteness(encoded, nBlock, nFeatures, order);
    } else {
      for (let r = 0; r < nBlock; r++) order[r] = r;
    }
    for (let t = 0; t < nTrees; t++) {
      if (nCoded > 0) addTreeLeavesByCode(codes!, treeRoot[t], encoded, order, nCoded, value, 1, outputs[t % K], first);
    }
    for (let i = nCoded; i < nBlock; i++) {
      const row = first + order[i];
      const [rowAt, stride] = layout === 'row-major' ? [row * nFeatures, 1] : [row, nRows];
      for (let t = 0; t < nTrees; t++) outputs[t % K][row] += leafValueByRawWalk(trees, treeRoot[t], X, rowAt, stride);
    }
  }
  const raw = new Float64Array(nRows * K);
  for (let row = 0; row < nRows; row++) for (let k = 0; k < K; k++) raw[row * K + k] = baseline[k] + outputs[k][row];
  return raw;
}

/** One tree's leaf value for one row read from X at rowAt + feature × stride; NaN follows missingLeft. */
function leafValueByRawWalk(trees: FlatForest, root: number, X: Float64Array, rowAt: number, stride: number): number {
  const { feature, threshold, missingLeft, left, value } = trees;
  let node = root;
  for (let f = feature[node]; f >= 0; f = feature[node]) {
    const x = X[rowAt + f * stride];
    node = left[node] + (x <= threshold[node] ? 0 : x !== x ? 1 - missingLeft[node] : 1);
  }
  return value[node];
}

/**
 * Class probabilities of a log-loss model: the sigmoid of the log-odds for two classes, the softmax of
 * the raw scores for more (sklearn's predict_proba).
 *
 * @returns Float64Array (nRows * nClasses,), row-major; each row sums to 1.
 */
export function predictBoostingProba(model: BoostingModel, X: Float64Array, nRows: number, options: PredictOptions = {}): Float64Array {
  if (model.loss !== 'log_loss') throw new TypeError(`predictBoostingProba needs a log_loss model, got loss '${model.loss}'`);
  return scoresToProba(predictBoostingRaw(model, X, nRows, options), nRows, model.nClasses);
}

/**
 * Predictions of a regressor: the raw score, or exp(raw) for poisson (its log link).
 *
 * @returns Float64Array (nRows,).
 */
export function predictBoostingValue(model: BoostingModel, X: Float64Array, nRows: number, options: PredictOptions = {}): Float64Array {
  if (model.loss === 'log_loss') throw new TypeError('predictBoostingValue needs a regression model; use predictBoostingProba');
  const raw = predictBoostingRaw(model, X, nRows, options);
  if (model.loss === 'poisson') for (let i = 0; i < nRows; i++) raw[i] = Math.exp(raw[i]);
  return raw;
}

/**
 * Adds one tree's leaf values to the raw scores of a binned matrix's rows, walking bins (training's
 * held-out rows: no thresholds, no floats).
 *
 * @param raw IN/OUT Float64Array (data.nRows,).
 */
export function addTreeByBins(tree: BoostedTree, data: BinnedMatrix, raw: Float64Array): void {
  const { feature, binThreshold, missingLeft, left, value } = tree;
  const { binned, nRows } = data;
  for (let row = 0; row < nRows; row++) {
    let node = 0;
    for (let f = feature[node]; f >= 0; f = feature[node]) {
      const bin = binned[f * nRows + row];
      node = left[node] + (bin === MISSING_BIN ? 1 - missingLeft[node] : +(bin > binThreshold[node]));
    }
    raw[row] += value[node];
  }
}
