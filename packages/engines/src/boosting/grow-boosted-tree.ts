import type { SeededRng } from '../random/seeded-rng.js';
import { FeatureSampler } from '../tree/feature-sampler.js';
import { FlatTreeBuilder, type FlatTree } from '../tree/flat-tree.js';
import { HistogramPool, subtractHistograms } from '../tree/histogram.js';
import type { BinnedMatrix } from '../tree/layout.js';
import { partitionRows } from '../tree/partition.js';
import { GradientSplit, findGradientSplit, type SplitConstraints } from './find-gradient-split.js';
import { buildGradientHistograms, gradientHistogramLength } from './gradient-histogram.js';

/**
 * One boosting tree: a FlatTree of one output (the leaf's raw-score step, shrinkage included) and,
 * per node, what explanations and importances need.
 */
export interface BoostedTree extends FlatTree {
  /** Uint8Array (nNodes,): rows with bin <= binThreshold go left (and missing rows when missingLeft). */
  binThreshold: Uint8Array;
  /** Float64Array (nNodes,): training rows that reached the node (TreeSHAP's cover). */
  cover: Float64Array;
  /** Float64Array (nNodes,): the split's gain G_L²/(H_L+λ) + G_R²/(H_R+λ) − G²/(H+λ); 0 for a leaf. */
  gain: Float64Array;
}

export interface GrowerSettings extends SplitConstraints {
  /** Shrinkage applied to every node value. */
  learningRate: number;
  /** Infinity for no limit. */
  maxLeafNodes: number;
  /** Infinity for no limit; the root has depth 0. */
  maxDepth: number;
  /** Features scanned per split, in [1, nFeatures]; all of them when equal to nFeatures. */
  nFeaturesPerSplit: number;
}

/** A leaf's value before shrinkage from its rows rows[start..end), replacing −G/(H+λ) (absolute_error). */
export type LeafValueFn = (rows: Uint32Array, start: number, end: number) => number;

/**
 * Grows boosting trees on one binned training matrix (sklearn's grower.py, LightGBM's leaf-wise
 * learner), keeping its buffers from tree to tree. Growth is best-first: every splittable leaf has
 * its best split computed when it is created, and the leaf with the largest gain is split next until
 * maxLeafNodes leaves exist or no split has a positive gain. Histograms are built for the root from
 * all rows, then per split for the smaller child only; the larger child's is parent − smaller,
 * computed in the parent's buffer (histogram subtraction). Deterministic: ties go to the older node.
 *
 * This is where worker threads would go: buildGradientHistograms and the per-feature scans are
 * independent per feature, so a pool could split the features of one node and sum nothing.
 */
export class BoostedTreeGrower {
  private readonly rows: Uint32Array;
  private readonly scratchRows: Uint32Array;
  private readonly ordered: Float64Array;
  private readonly pool: HistogramPool;
  private readonly histLength: number;
  private readonly features: Int32Array;
  private readonly nodeCapacity: number;
  // Per node id of the tree being grown.
  private readonly start: Int32Array;
  private readonly end: Int32Array;
  private readonly depth: Int32Array;
  private readonly sumGradient: Float64Array;
  private readonly sumHessian: Float64Array;
  private readonly binThreshold: Uint8Array;
  private readonly gain: Float64Array;
  private readonly hists: (Float64Array | null)[] = [];
  private readonly splits: GradientSplit[] = [];
  /** Leaves with a split found, by node id; the next split is the one of largest gain. */
  private readonly candidates: number[] = [];
  private builder = new FlatTreeBuilder(1);
  private nLeaves = 0;
  private gradients: Float64Array = new Float64Array(0);
  private hessians: Float64Array | null = null;
  private readonly nodeSums = { sumGradient: 0, sumHessian: 0, count: 0 };

  constructor(
    private readonly data: BinnedMatrix,
    private readonly settings: GrowerSettings,
  ) {
    const { nRows, nFeatures } = data;
    this.rows = new Uint32Array(nRows);
    this.scratchRows = new Uint32Array(nRows);
    this.ordered = new Float64Array(2 * nRows);
    this.histLength = gradientHistogramLength(nFeatures);
    this.pool = new HistogramPool(this.histLength);
    this.features = Int32Array.from({ length: nFeatures }, (_, f) => f);
    // Every leaf holds at least minSamplesLeaf rows, so a tree has at most that many leaves.
    const maxLeaves = Math.max(1, Math.min(settings.maxLeafNodes, Math.floor(nRows / settings.minSamplesLeaf)));
    this.nodeCapacity = 2 * maxLeaves - 1;
    this.start = new Int32Array(this.nodeCapacity);
    this.end = new Int32Array(this.nodeCapacity);
    this.depth = new Int32Array(this.nodeCapacity);
    this.sumGradient = new Float64Array(this.nodeCapacity);
    this.sumHessian = new Float64Array(this.nodeCapacity);
    this.binThreshold = new Uint8Array(this.nodeCapacity);
    this.gain = new Float64Array(this.nodeCapacity);
  }

  /**
   * Grows one tree on the gradients of one output.
   *
   * @param gradients Float64Array (nRows,).
   * @param hessians Float64Array (nRows,), or null when every hessian is settings.constantHessian.
   * @param rng draws the features of each split when nFeaturesPerSplit < nFeatures.
   * @param leafValue replaces −G/(H+λ) as a leaf's value before shrinkage (absolute_error's median).
   * @returns the tree; `rows` then lists each leaf's rows, for addToRaw.
   */
  grow(gradients: Float64Array, hessians: Float64Array | null, rng: SeededRng, leafValue?: LeafValueFn): BoostedTree {
    const { rows, data } = this;
    for (let i = 0; i < rows.length; i++) rows[i] = i;
    this.gradients = gradients;
    this.hessians = hessians;
    this.builder = new FlatTreeBuilder(1);
    this.candidates.length = 0;
    const sampler = this.settings.nFeaturesPerSplit < data.nFeatures ? new FeatureSampler(data.nFeatures, rng) : null;
    const root = this.builder.addLeaf();
    let sumG = 0;
    let sumH = 0;
    for (let i = 0; i < rows.length; i++) {
      sumG += gradients[i];
      sumH += hessians === null ? this.settings.constantHessian : hessians[i];
    }
    this.setNode(root, 0, rows.length, 0, sumG, sumH);
    this.nLeaves = 1;
    const rootHist = this.pool.acquire();
    buildGradientHistograms(rootHist, data.binned, data.nRows, data.nFeatures, rows, 0, rows.length, gradients, hessians, this.ordered);
    this.hists[root] = rootHist;
    this.evaluate(root, sampler);
    while (this.candidates.length > 0 && this.nLeaves < this.settings.maxLeafNodes) this.splitNode(this.popBest(), sampler);
    for (const node of this.candidates) this.releaseHist(node);
    return this.finish(leafValue);
  }

  /**
   * Adds the grown tree's leaf values to the raw scores of the rows in each leaf (the training rows'
   * update needs no tree walk).
   *
   * @param raw IN/OUT Float64Array (nRows,): one output's raw scores.
   */
  addToRaw(tree: BoostedTree, raw: Float64Array): void {
    const { rows } = this;
    for (let node = 0; node < tree.nNodes; node++) {
      if (tree.feature[node] >= 0) continue;
      const v = tree.value[node];
      for (let i = this.start[node]; i < this.end[node]; i++) raw[rows[i]] += v;
    }
  }

  private setNode(node: number, start: number, end: number, depth: number, sumG: number, sumH: number): void {
    if (node >= this.nodeCapacity) throw new RangeError(`node ${node} is past the grower's capacity ${this.nodeCapacity}`);
    this.start[node] = start;
    this.end[node] = end;
    this.depth[node] = depth;
    this.sumGradient[node] = sumG;
    this.sumHessian[node] = sumH;
    this.binThreshold[node] = 0;
    this.gain[node] = 0;
    this.hists[node] = null;
  }

  private isSplittable(node: number): boolean {
    const { maxDepth, minSamplesLeaf } = this.settings;
    return this.depth[node] < maxDepth && this.end[node] - this.start[node] >= 2 * minSamplesLeaf;
  }

  /** Finds the node's best split and makes it a candidate, or lets its histogram go. */
  private evaluate(node: number, sampler: FeatureSampler | null): void {
    const hist = this.hists[node]!;
    if (!this.isSplittable(node)) {
      this.releaseHist(node);
      return;
    }
    const split = (this.splits[node] ??= new GradientSplit());
    const nScanned = sampler === null ? this.data.nFeatures : this.drawFeatures(sampler);
    const sums = this.nodeSums;
    sums.sumGradient = this.sumGradient[node];
    sums.sumHessian = this.sumHessian[node];
    sums.count = this.end[node] - this.start[node];
    findGradientSplit(hist, this.data.edges.nBins, this.features, nScanned, sums, this.settings, split);
    if (split.featureIdx >= 0) this.candidates.push(node);
    else this.releaseHist(node);
  }

  /** Draws this split's features into `features`, ascending so that ties break as without sampling. */
  private drawFeatures(sampler: FeatureSampler): number {
    const n = this.settings.nFeaturesPerSplit;
    sampler.reset();
    for (let j = 0; j < n; j++) this.features[j] = sampler.next();
    this.features.subarray(0, n).sort();
    return n;
  }

  /** Removes and returns the candidate of largest gain; a linear scan, as trees keep few candidates. */
  private popBest(): number {
    const { candidates, splits } = this;
    let bestAt = 0;
    for (let j = 1; j < candidates.length; j++) {
      const a = splits[candidates[j]].gain;
      const b = splits[candidates[bestAt]].gain;
      if (a > b || (a === b && candidates[j] < candidates[bestAt])) bestAt = j;
    }
    const node = candidates[bestAt];
    candidates[bestAt] = candidates[candidates.length - 1];
    candidates.pop();
    return node;
  }

  private splitNode(node: number, sampler: FeatureSampler | null): void {
    const { data, settings } = this;
    const split = this.splits[node];
    const f = split.featureIdx;
    const start = this.start[node];
    const end = this.end[node];
    const mid = partitionRows(this.rows, start, end, data.binned, f * data.nRows, split.binIdx, split.isMissingLeft, this.scratchRows);
    // Adjacent ids (right = left + 1) are part of the FlatTree contract that prediction relies on.
    const left = this.builder.addLeaf();
    const right = this.builder.addLeaf();
    this.builder.setSplit(node, f, data.edges.binUpper[data.edges.binOffsets[f] + split.binIdx], split.isMissingLeft, left, right);
    this.binThreshold[node] = split.binIdx;
    this.gain[node] = split.gain;
    const depth = this.depth[node] + 1;
    this.setNode(left, start, mid, depth, split.sumGradientLeft, split.sumHessianLeft);
    this.setNode(right, mid, end, depth, this.sumGradient[node] - split.sumGradientLeft, this.sumHessian[node] - split.sumHessianLeft);
    this.nLeaves++;
    const parentHist = this.hists[node]!;
    this.hists[node] = null;
    const isGrowing = this.nLeaves < settings.maxLeafNodes;
    if (!isGrowing || (!this.isSplittable(left) && !this.isSplittable(right))) {
      this.pool.release(parentHist);
      return;
    }
    const isLeftSmaller = mid - start <= end - mid;
    const [small, large] = isLeftSmaller ? [left, right] : [right, left];
    const smallHist = this.pool.acquire();
    buildGradientHistograms(smallHist, data.binned, data.nRows, data.nFeatures, this.rows, this.start[small], this.end[small], this.gradients, this.hessians, this.ordered);
    subtractHistograms(parentHist, smallHist, this.histLength);
    this.hists[small] = smallHist;
    this.hists[large] = parentHist;
    this.evaluate(left, sampler);
    this.evaluate(right, sampler);
  }

  private releaseHist(node: number): void {
    const hist = this.hists[node];
    if (hist !== null && hist !== undefined) this.pool.release(hist);
    this.hists[node] = null;
  }

  /** Writes every node's value, −G/(H+λ) × learningRate (leaves: leafValue's when given), and trims. */
  private finish(leafValue: LeafValueFn | undefined): BoostedTree {
    const { learningRate, l2Regularization } = this.settings;
    const nNodes = this.builder.nNodes;
    const value = this.builder.value;
    for (let node = 0; node < nNodes; node++) {
      // sklearn adds machine epsilon so that an all-zero-hessian leaf gets 0, not NaN.
      const newton = -this.sumGradient[node] / (this.sumHessian[node] + l2Regularization + Number.EPSILON);
      // Only split nodes have a gain, and it is positive.
      const isLeaf = this.gain[node] === 0;
      value[node] = learningRate * (isLeaf && leafValue !== undefined ? leafValue(this.rows, this.start[node], this.end[node]) : newton);
    }
    const cover = new Float64Array(nNodes);
    for (let node = 0; node < nNodes; node++) cover[node] = this.end[node] - this.start[node];
    return {
      ...this.builder.finish(),
      binThreshold: this.binThreshold.slice(0, nNodes),
      cover,
      gain: this.gain.slice(0, nNodes),
    };
  }
}
