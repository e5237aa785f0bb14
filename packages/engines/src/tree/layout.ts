/**
 * Every dtype and record layout shared by the tree kernels lives here, as scikit-learn keeps them in
 * _hist_gradient_boosting/common.pyx: bins, histogram slots and stats, split records, growth options.
 */

/** Bin index reserved for missing values (NaN) in every binned column. */
export const MISSING_BIN = 255;

/** Most bins the non-missing values of one feature may use. */
export const MAX_BINS = 255;

/**
 * Nodes with fewer rows than this scan only the bins their rows touch (tracked in a bitmap while the
 * histogram is built) instead of every bin: deep nodes hold a handful of rows spread over ~255 bins.
 */
export const SPARSE_NODE_MAX_ROWS = 128;

/**
 * Nodes with at least this many rows keep full histograms under the 'subtract' strategy. Below it,
 * subtracting and clearing every slot of every feature costs more than building from the rows.
 */
export const FULL_HISTOGRAM_MIN_ROWS = 256;

/** Words in the touched-bin bitmap: one bit per bin 0..255. */
export const BIN_BITMAP_WORDS = 8;

export type Criterion = 'gini' | 'entropy' | 'squared_error';

/**
 * Bin edges fitted once per training set and saved with the model.
 *
 * Feature f owns histogram slots [binOffsets[f], binOffsets[f + 1]): nBins[f] slots for its non-missing
 * bins, then one slot for the missing bin, so a 3-valued feature uses 4 slots, not 256.
 */
export interface BinEdges {
  nFeatures: number;
  /** Uint16Array (nFeatures,): non-missing bins per feature, each in [1, MAX_BINS]. */
  nBins: Uint16Array;
  /** Uint32Array (nFeatures + 1,): first slot of each feature; the last entry is the total slot count. */
  binOffsets: Uint32Array;
  /**
   * Float64Array (binOffsets[nFeatures],): upper edge of bin b of feature f, in raw units, at
   * binOffsets[f] + b. A value x falls in the first bin whose edge is >= x; the last bin's edge is
   * +Infinity and the missing slot holds NaN.
   */
  binUpper: Float64Array;
}

/** The training matrix after binning: read-only for every tree, so workers share it. */
export interface BinnedMatrix {
  /** Uint8Array (nFeatures * nRows,), column-major: binned[f * nRows + row]; MISSING_BIN for NaN. */
  binned: Uint8Array;
  nRows: number;
  nFeatures: number;
  edges: BinEdges;
}

/**
 * What a tree is fitted to. Classification: class index per row and nClasses; regression: values.
 * Weights are per-row counts (a bootstrap sample) and must be > 0 for every row in `rows`.
 */
export type TreeTarget =
  | { kind: 'classification'; classes: Int32Array; nClasses: number }
  | { kind: 'regression'; values: Float64Array };

/**
 * Stats kept per histogram slot and per node, nStats Float64 values each:
 * classification: weighted count per class [w_0 .. w_{K-1}]; regression: [Σw, Σwy, Σwy²].
 * When min_samples_leaf > 1 a trailing unweighted row count is added (countIdx), because sklearn
 * counts distinct rows for that rule; otherwise "has a row" is the same as "has weight".
 */
export interface StatsLayout {
  nStats: number;
  /** Index of the row count within a slot, or -1 when rows are not counted. */
  countIdx: number;
}

export function statsLayoutFor(target: TreeTarget, minSamplesLeaf: number): StatsLayout {
  const base = target.kind === 'classification' ? target.nClasses : 3;
  return minSamplesLeaf > 1 ? { nStats: base + 1, countIdx: base } : { nStats: base, countIdx: -1 };
}

/**
 * How a node gets its histograms: 'sampled' builds one feature at a time for just the features drawn
 * at that node; 'subtract' builds every feature for the smaller child and takes the larger child as
 * parent − smaller. 'auto' subtracts only when every feature is scanned at every node.
 */
export type HistogramStrategy = 'auto' | 'sampled' | 'subtract';

export interface GrowerOptions {
  criterion: Criterion;
  /** Features drawn per split, in [1, nFeatures]; more are drawn while all drawn ones are constant. */
  maxFeatures: number;
  /** Deepest depth a node may have (root = 0); Infinity for no limit. */
  maxDepth: number;
  minSamplesSplit: number;
  minSamplesLeaf: number;
  histogramStrategy: Exclude<HistogramStrategy, 'auto'>;
}

/**
 * The node record of a grown tree, as a struct of arrays (sklearn predictor.py's node record), declared
 * once for one tree (FlatTree) and for a whole forest (FlatForest). Node i is a leaf when feature[i] is
 * -1; otherwise a row goes to left[i] when x[feature[i]] <= threshold[i], or when x is NaN and
 * missingLeft[i] is 1, and to right[i] otherwise. Siblings are adjacent: right[i] = left[i] + 1.
 */
export interface NodeArrays {
  /** Int32Array (nNodes,): split feature, -1 for a leaf. */
  feature: Int32Array;
  /** Float64Array (nNodes,): split threshold in raw units (upper edge of the last left bin), so prediction needs no binning. */
  threshold: Float64Array;
  /** Uint8Array (nNodes,): 1 when missing values go left. */
  missingLeft: Uint8Array;
  /** Uint32Array (nNodes,): child node ids, 0 for leaves. */
  left: Uint32Array;
  right: Uint32Array;
  /** Float64Array (nNodes * nOutputs,), row-major: the node's prediction (class frequencies or mean target). */
  value: Float64Array;
}

/** The NodeArrays fields, in the order they are copied and saved. */
export const NODE_ARRAY_NAMES = ['feature', 'threshold', 'missingLeft', 'left', 'right', 'value'] as const;

/** Zeroed NodeArrays for nNodes nodes of nOutputs values each, every array on its own ArrayBuffer. */
export function allocateNodeArrays(nNodes: number, nOutputs: number): NodeArrays {
  return {
    feature: new Int32Array(nNodes),
    threshold: new Float64Array(nNodes),
    missingLeft: new Uint8Array(nNodes),
    left: new Uint32Array(nNodes),
    right: new Uint32Array(nNodes),
    value: new Float64Array(nNodes * nOutputs),
  };
}

/** The best split found so far at one node. Ties go to the lowest feature, then the lowest bin. */
export class SplitInfo {
  /** -1 while no valid split has been found. */
  featureIdx = -1;
  /** Rows with bin <= binIdx go left. */
  binIdx = 0;
  isMissingLeft = false;
  /** Criterion proxy: larger is better; comparable only within one node. */
  gain = -Infinity;
  /** Float64Array (nStats,): stats of the left child. */
  readonly leftStats: Float64Array;

  constructor(nStats: number) {
    this.leftStats = new Float64Array(nStats);
  }

  reset(): void {
    this.featureIdx = -1;
    this.binIdx = 0;
    this.isMissingLeft = false;
    this.gain = -Infinity;
  }
}
