import type { SeededRng } from '../random/seeded-rng.js';
import { FeatureSampler } from './feature-sampler.js';
import { FlatTreeBuilder, type FlatTree } from './flat-tree.js';
import { HistogramPool, buildFeatureHistogram, buildNodeHistograms, clearFeatureHistogram, subtractHistograms } from './histogram.js';
import {
  BIN_BITMAP_WORDS,
  FULL_HISTOGRAM_MIN_ROWS,
  SPARSE_NODE_MAX_ROWS,
  SplitInfo,
  statsLayoutFor,
  type BinnedMatrix,
  type GrowerOptions,
  type StatsLayout,
  type TreeTarget,
} from './layout.js';
import { partitionRows } from './partition.js';
import { SplitFinder } from './split-finder.js';

/**
 * Grows one CART tree on a binned matrix, depth-first with an explicit stack (sklearn's grower.py):
 * per node {histograms → best split → partition}, until the node is pure, too small or too deep.
 *
 * @param data binned training matrix, read-only (it may be shared between workers).
 * @param target class indices or regression values, one per row.
 * @param weights Float64Array (nRows,): per-row counts; rows with weight 0 are left out of the tree.
 * @param rng draws the features tried at each split.
 * @param buffers row-index buffers of at least nRows slots to reuse (a forest passes the same ones to
 *   every tree, see ForestScratch); their contents are overwritten. New ones when absent.
 * @returns the tree, thresholds in raw units; leaves hold class frequencies or the weighted mean.
 */
export function growTree(
  data: BinnedMatrix,
  target: TreeTarget,
  weights: Float64Array,
  options: GrowerOptions,
  rng: SeededRng,
  buffers?: RowBuffers,
): FlatTree {
  return new TreeGrower(data, target, weights, options, rng, buffers).grow();
}

/** Uint32Arrays (≥ nRows,): the node ranges' row indices and the partition's scratch. */
export interface RowBuffers {
  rows: Uint32Array;
  scratchRows: Uint32Array;
}

/** Relative tolerance under which a regression node's variance counts as zero (a pure node). */
const PURE_VARIANCE_TOLERANCE = 1e-12;

/** Full histograms handed to a node's [left, right] children; shared when there are none. */
type ChildHistograms = readonly [Float64Array | null, Float64Array | null];
const NO_HISTOGRAMS: ChildHistograms = [null, null];

class TreeGrower {
  private readonly layout: StatsLayout;
  private readonly finder: SplitFinder;
  private readonly best: SplitInfo;
  private readonly sampler: FeatureSampler;
  private readonly builder: FlatTreeBuilder;
  private readonly pool: HistogramPool | null;
  private readonly rows: Uint32Array;
  private readonly scratchRows: Uint32Array;
  private readonly featureHist: Float64Array;
  private readonly touched = new Int32Array(BIN_BITMAP_WORDS);
  private readonly nodeStats: Float64Array;
  // Pending nodes: [id, start, end, depth] quadruples, their stats (nStats each) and full histograms.
  private readonly stack: number[] = [];
  private readonly stackHist: (Float64Array | null)[] = [];
  private stackStats: Float64Array;

  constructor(
    private readonly data: BinnedMatrix,
    private readonly target: TreeTarget,
    private readonly weights: Float64Array,
    private readonly options: GrowerOptions,
    rng: SeededRng,
    buffers: RowBuffers | undefined,
  ) {
    this.layout = statsLayoutFor(target, options.minSamplesLeaf);
    const { nStats } = this.layout;
    this.finder = new SplitFinder(options.criterion, this.layout, options.minSamplesLeaf);
    this.best = new SplitInfo(nStats);
    this.sampler = new FeatureSampler(data.nFeatures, rng);
    this.builder = new FlatTreeBuilder(target.kind === 'classification' ? target.nClasses : 1);
    const { binOffsets, nFeatures } = data.edges;
    this.pool = options.histogramStrategy === 'subtract' ? new HistogramPool(binOffsets[nFeatures] * nStats) : null;
    const rows = buffers?.rows ?? new Uint32Array(data.nRows);
    let nUsed = 0;
    for (let row = 0; row < data.nRows; row++) if (weights[row] > 0) rows[nUsed++] = row;
    this.rows = rows.subarray(0, nUsed);
    this.scratchRows = buffers?.scratchRows ?? new Uint32Array(nUsed);
    let maxSlots = 0;
    for (let f = 0; f < nFeatures; f++) maxSlots = Math.max(maxSlots, binOffsets[f + 1] - binOffsets[f]);
    this.featureHist = new Float64Array(maxSlots * nStats);
    this.nodeStats = new Float64Array(nStats);
    this.stackStats = new Float64Array(64 * nStats);
  }

  grow(): FlatTree {
    const { rows, nodeStats } = this;
    const root = this.builder.addLeaf();
    this.sumStats(0, rows.length, nodeStats);
    const hasFullHistogram = this.pool !== null && rows.length >= FULL_HISTOGRAM_MIN_ROWS;
    this.push(root, 0, rows.length, 0, nodeStats, hasFullHistogram ? this.buildFullHistogram(0, rows.length) : null);
    while (this.stackHist.length > 0) this.splitNext();
    return this.builder.finish();
  }

  private splitNext(): void {
    const { nStats } = this.layout;
    const { nodeStats, best, data, stack } = this;
    const depth = stack.pop()!;
    const end = stack.pop()!;
    const start = stack.pop()!;
    const node = stack.pop()!;
    const hist = this.stackHist.pop()!;
    const slot = this.stackHist.length;
    nodeStats.set(this.stackStats.subarray(slot * nStats, (slot + 1) * nStats));
    this.writeValue(node);
    best.reset();
    if (!this.isLeaf(end - start, depth)) this.findSplit(start, end, hist);
    if (best.featureIdx < 0) {
      if (hist !== null) this.pool!.release(hist);
      return;
    }
    const f = best.featureIdx;
    const mid = partitionRows(this.rows, start, end, data.binned, f * data.nRows, best.binIdx, best.isMissingLeft, this.scratchRows);
    // Adjacent ids (right = left + 1) are part of the FlatTree contract that prediction relies on.
    const left = this.builder.addLeaf();
    const right = this.builder.addLeaf();
    const threshold = data.edges.binUpper[data.edges.binOffsets[f] + best.binIdx];
    this.builder.setSplit(node, f, threshold, best.isMissingLeft, left, right);
    const [leftHist, rightHist] = hist === null ? NO_HISTOGRAMS : this.childHistograms(hist, start, mid, end);
    // Right first, so the left child is grown next.
    for (let k = 0; k < nStats; k++) nodeStats[k] -= best.leftStats[k];
    this.push(right, mid, end, depth + 1, nodeStats, rightHist);
    this.push(left, start, mid, depth + 1, best.leftStats, leftHist);
  }

  private isLeaf(nNodeRows: number, depth: number): boolean {
    const { options, nodeStats, target } = this;
    if (depth >= options.maxDepth || nNodeRows < options.minSamplesSplit || nNodeRows < 2 * options.minSamplesLeaf) {
      return true;
    }
    if (target.kind === 'classification') {
      let nPresent = 0;
      for (let k = 0; k < target.nClasses; k++) if (nodeStats[k] > 0) nPresent++;
      return nPresent <= 1;
    }
    const mean = nodeStats[1] / nodeStats[0];
    const variance = nodeStats[2] / nodeStats[0] - mean * mean;
    return variance <= PURE_VARIANCE_TOLERANCE * mean * mean + Number.EPSILON;
  }

  /** Tries features drawn at random until maxFeatures are tried and at least one is non-constant. */
  private findSplit(start: number, end: number, hist: Float64Array | null): void {
    const { nFeatures } = this.data;
    const { maxFeatures } = this.options;
    const isSampling = maxFeatures < nFeatures;
    this.sampler.reset();
    let nVisited = 0;
    let nNonConstant = 0;
    while (nVisited < nFeatures && (nVisited < maxFeatures || nNonConstant === 0)) {
      const f = isSampling ? this.sampler.next() : nVisited;
      nVisited++;
      if (this.scanFeature(f, start, end, hist)) nNonConstant++;
    }
  }

  private scanFeature(f: number, start: number, end: number, hist: Float64Array | null): boolean {
    const { data, layout, nodeStats, best } = this;
    const { nStats } = layout;
    const missingSlot = data.edges.nBins[f];
    if (hist !== null) {
      return this.finder.scanFeature(hist, data.edges.binOffsets[f] * nStats, f, missingSlot, nodeStats, 0, null, best);
    }
    const touched = end - start < SPARSE_NODE_MAX_ROWS ? this.touched : null;
    const { featureHist } = this;
    const { rows, target, weights } = this;
    buildFeatureHistogram(featureHist, 0, data.binned, f * data.nRows, missingSlot, rows, start, end, target, weights, layout, touched);
    const isNonConstant = this.finder.scanFeature(featureHist, 0, f, missingSlot, nodeStats, 0, touched, best);
    clearFeatureHistogram(featureHist, 0, missingSlot, nStats, touched);
    return isNonConstant;
  }

  /**
   * Full histograms for the children of a node that had one: the smaller child is built from its
   * rows, the larger becomes parent − smaller in the parent's buffer. Small children get none.
   */
  private childHistograms(hist: Float64Array, start: number, mid: number, end: number): ChildHistograms {
    const pool = this.pool!;
    const nLeft = mid - start;
    const nRight = end - mid;
    if (Math.max(nLeft, nRight) < FULL_HISTOGRAM_MIN_ROWS) {
      pool.release(hist);
      return NO_HISTOGRAMS;
    }
    const isLeftSmaller = nLeft <= nRight;
    const small = isLeftSmaller ? this.buildFullHistogram(start, mid) : this.buildFullHistogram(mid, end);
    subtractHistograms(hist, small, hist.length);
    let kept: Float64Array | null = small;
    if (Math.min(nLeft, nRight) < FULL_HISTOGRAM_MIN_ROWS) {
      pool.release(small);
      kept = null;
    }
    return isLeftSmaller ? [kept, hist] : [hist, kept];
  }

  private buildFullHistogram(start: number, end: number): Float64Array {
    const hist = this.pool!.acquire();
    const { data } = this;
    buildNodeHistograms(hist, data.binned, data.nRows, data.edges, this.rows, start, end, this.target, this.weights, this.layout);
    return hist;
  }

  private sumStats(start: number, end: number, out: Float64Array): void {
    const { rows, weights, target } = this;
    const { countIdx } = this.layout;
    out.fill(0);
    for (let i = start; i < end; i++) {
      const row = rows[i];
      const w = weights[row];
      if (target.kind === 'classification') {
        out[target.classes[row]] += w;
      } else {
        const y = target.values[row];
        out[0] += w;
        out[1] += w * y;
        out[2] += w * y * y;
      }
      if (countIdx >= 0) out[countIdx] += 1;
    }
  }

  private writeValue(node: number): void {
    const { nodeStats, target } = this;
    const value = this.builder.value;
    if (target.kind === 'regression') {
      value[node] = nodeStats[1] / nodeStats[0];
      return;
    }
    const K = target.nClasses;
    let total = 0;
    for (let k = 0; k < K; k++) total += nodeStats[k];
    for (let k = 0; k < K; k++) value[node * K + k] = nodeStats[k] / total;
  }

  private push(node: number, start: number, end: number, depth: number, stats: Float64Array, hist: Float64Array | null): void {
    const { nStats } = this.layout;
    const slot = this.stackHist.length;
    if ((slot + 1) * nStats > this.stackStats.length) {
      const grown = new Float64Array(this.stackStats.length * 2);
      grown.set(this.stackStats);
      this.stackStats = grown;
    }
    this.stackStats.set(stats.subarray(0, nStats), slot * nStats);
    this.stack.push(node, start, end, depth);
    this.stackHist.push(hist);
  }
}
