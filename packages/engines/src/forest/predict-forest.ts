import { assertLayout, assertPredictMatrix, type MatrixLayout, type PredictOptions } from '../validation/input-checks.js';
import type { FlatForest } from './flat-forest.js';
import { addTreeLeavesByCode, addValues, buildSplitCodes, encodeBlock, listRowsByCompleteness, type SplitCodes } from './split-codes.js';

/**
 * Values per block of rows walked through every tree (512 KB of codes, 4 MB of raw values). Each
 * tree's nodes are read once per block, so large blocks matter most: on 100 trees of 8k nodes,
 * 128-row blocks ran at 43k rows/s and 16k-row blocks at 100k rows/s.
 */
const BLOCK_VALUES = 1 << 19;

/** Each forest's split codes, built once (null: the forest has too many thresholds for them). */
const splitCodesByForest = new WeakMap<FlatForest, SplitCodes | null>();

function splitCodesOf(forest: FlatForest): SplitCodes | null {
  let codes = splitCodesByForest.get(forest);
  if (codes === undefined) {
    codes = buildSplitCodes(forest);
    splitCodesByForest.set(forest, codes);
  }
  return codes;
}

/**
 * Builds what the forest's walk needs now (about 80 ms for 100 trees of 6k nodes) rather than in
 * its first predict: a model server calls it when it loads the model.
 */
export function prepareForestWalk(forest: FlatForest): void {
  splitCodesOf(forest);
}

/**
 * Bytes a forest holds in memory: the buffers under its arrays (each counted once, as arrays read
 * from one file share it) and, once built, its walk's tables (2 KB of edges per feature).
 */
export function forestMemoryBytes(forest: FlatForest): number {
  const { feature, threshold, missingLeft, left, right, value, treeRoot } = forest;
  const buffers = new Set([feature, threshold, missingLeft, left, right, value, treeRoot].map((array) => array.buffer));
  let bytes = 0;
  for (const buffer of buffers) bytes += buffer.byteLength;
  const codes = splitCodesByForest.get(forest);
  if (codes) {
    bytes += codes.split.byteLength + codes.next.byteLength;
    for (const edges of codes.edges) bytes += edges.byteLength;
  }
  return bytes;
}

/**
 * Class probabilities of a classification forest: the mean over trees of each leaf's class
 * frequencies (sklearn's RandomForestClassifier.predict_proba).
 *
 * @param X Float64Array (nRows * nFeatures,) in options.layout; NaN follows each node's missing side.
 * @returns Float64Array (nRows * nClasses,), row-major; each row sums to 1.
 */
export function predictForestProba(forest: FlatForest, X: Float64Array, nRows: number, options: PredictOptions = {}): Float64Array {
  if (forest.task !== 'classification') throw new TypeError('predictForestProba needs a classification forest');
  return averageLeafValues(forest, X, nRows, options.layout ?? 'column-major');
}

/**
 * Predictions of a regression forest: the mean over trees of each leaf's mean target.
 *
 * @param X Float64Array (nRows * nFeatures,) in options.layout.
 * @returns Float64Array (nRows,).
 */
export function predictForestValue(forest: FlatForest, X: Float64Array, nRows: number, options: PredictOptions = {}): Float64Array {
  if (forest.task !== 'regression') throw new TypeError('predictForestValue needs a regression forest');
  return averageLeafValues(forest, X, nRows, options.layout ?? 'column-major');
}

function averageLeafValues(forest: FlatForest, X: Float64Array, nRows: number, layout: MatrixLayout): Float64Array {
  assertLayout(layout);
  const { nFeatures, nOutputs, nTrees, treeRoot, value } = forest;
  assertPredictMatrix(X, nRows, nFeatures);
  const codes = splitCodesOf(forest);
  const out = new Float64Array(nRows * nOutputs);
  const blockRows = Math.max(1, Math.min(nRows, Math.floor(BLOCK_VALUES / nFeatures)));
  const encoded = new Uint8Array(codes === null ? 0 : blockRows * nFeatures);
  const inOrder = Int32Array.from({ length: blockRows }, (_, r) => r);
  let byCompleteness: Int32Array | null = null;
  let block: Float64Array | null = null;
  for (let first = 0; first < nRows; first += blockRows) {
    const nBlock = Math.min(blockRows, nRows - first);
    // Rows without NaN (most) take the integer walk; NaN has no code, so rows with one walk raw
    // values, which follow each node's missing side.
    let order: Int32Array = inOrder;
    let nCoded = 0;
    if (codes !== null) {
      nCoded = nBlock;
      if (!encodeBlock(codes, X, layout, nRows, first, nBlock, encoded)) {
        byCompleteness ??= new Int32Array(blockRows);
        order = byCompleteness;
        nCoded = listRowsByCompleteness(encoded, nBlock, nFeatures, order);
      }
    }
    const rowsMajor = nCoded < nBlock ? rowMajorBlock(X, layout, nRows, nFeatures, first, nBlock, (block ??= new Float64Array(blockRows * nFeatures))) : null;
    for (let t = 0; t < nTrees; t++) {
      if (codes !== null && nCoded > 0) addTreeLeavesByCode(codes, treeRoot[t], encoded, order, nCoded, value, nOutputs, out, first);
      if (rowsMajor !== null) addTreeLeaves(forest, treeRoot[t], rowsMajor, order, nCoded, nBlock, out, first);
    }
  }
  const scale = 1 / nTrees;
  for (let i = 0; i < out.length; i++) out[i] *= scale;
  return out;
}

/** Rows [first, first + nBlock) of X, row-major: a view of a row-major X, else copied into `scratch`. */
function rowMajorBlock(X: Float64Array, layout: MatrixLayout, nRows: number, nFeatures: number, first: number, nBlock: number, scratch: Float64Array): Float64Array {
  if (layout === 'row-major') return X.subarray(first * nFeatures, (first + nBlock) * nFeatures);
  for (let f = 0; f < nFeatures; f++) {
    const column = f * nRows + first;
    for (let r = 0; r < nBlock; r++) scratch[r * nFeatures + f] = X[column + r];
  }
  return scratch.subarray(0, nBlock * nFeatures);
}

/**
 * Walks one tree for the rows order[from..to) of a block and adds each row's leaf values to its sums.
 *
 * @param rows Float64Array (nBlock * nFeatures,), row-major.
 * @param out OUT Float64Array (nRows * nOutputs,): row firstRow + order[i] gets its leaf's values added.
 */
function addTreeLeaves(forest: FlatForest, root: number, rows: Float64Array, order: Int32Array, from: number, to: number, out: Float64Array, firstRow: number): void {
  const { nFeatures, nOutputs, feature, threshold, missingLeft, left, value } = forest;
  for (let i = from; i < to; i++) {
    const row = order[i];
    const at = row * nFeatures;
    let node = root;
    let f = feature[node];
    while (f >= 0) {
      const x = rows[at + f];
      // Siblings are adjacent (right = left + 1): choosing by arithmetic beats a second array load.
      node = left[node] + (x <= threshold[node] ? 0 : x !== x ? 1 - missingLeft[node] : 1);
      f = feature[node];
    }
    addValues(value, node * nOutputs, out, (firstRow + row) * nOutputs, nOutputs);
  }
}
