import { assertBinned } from '../binning/assert-binned.js';
import { chooseRows, fitBinEdges } from '../binning/fit-bin-edges.js';
import { mapToBins } from '../binning/map-to-bins.js';
import { createRng, deriveSeed } from '../random/seeded-rng.js';
import type { BinnedMatrix } from '../tree/layout.js';
import { assertMatrix, assertRegressionTarget, assertSampleWeight, toClassIndices, type ClassTarget } from '../validation/input-checks.js';
import { assembleBoostingModel, gainImportance, type BoostingResult } from './boosting-model.js';
import { resolveBoostingOptions, type BoostingOptions, type ResolvedBoostingOptions } from './boosting-options.js';
import { shouldStopEarly } from './early-stopping.js';
import { BoostedTreeGrower, type BoostedTree } from './grow-boosted-tree.js';
import { holdOutRows, selectBinnedRows, selectValues } from './hold-out.js';
import { createLoss, type BoostingLoss } from './losses.js';
import { addTreeByBins } from './predict-boosting.js';

/** Training rows the per-iteration training loss is measured on (sklearn scores a 10,000-row subsample). */
export const LOSS_SUBSAMPLE_ROWS = 10_000;
/** sklearn's min_hessian_to_split. */
const MIN_HESSIAN_TO_SPLIT = 1e-3;
// Generator streams of a seed: trees use 0, 1, 2, … (one per tree), these sit far above them.
const BINNING_STREAM = 0xffffffff;
const HOLD_OUT_STREAM = 0xfffffffe;
const LOSS_SUBSAMPLE_STREAM = 0xfffffffd;

/**
 * Fits bin edges and bins X for trainBoosting (sklearn's _BinMapper with max_bins and random_state):
 * quantile edges from a seeded subsample of at most 200,000 rows.
 *
 * @param X Float64Array (nFeatures * nRows,), column-major, NaN for missing.
 */
export function fitBoostingBins(X: Float64Array, nRows: number, nFeatures: number, options: Pick<BoostingOptions, 'maxBins' | 'seed'> = {}): BinnedMatrix {
  assertMatrix(X, nRows, nFeatures);
  const edges = fitBinEdges(X, nRows, nFeatures, createRng(deriveSeed(options.seed ?? 0, BINNING_STREAM)), undefined, options.maxBins);
  return { binned: mapToBins(X, nRows, edges), nRows, nFeatures, edges };
}

/**
 * Trains a gradient-boosting model (sklearn's HistGradientBoostingClassifier / Regressor) on a binned
 * matrix: per iteration, gradients and hessians of the loss per row, then one tree per output grown
 * leaf-wise on them (BoostedTreeGrower), its leaf values added to the raw scores. With early
 * stopping, a stratified share of rows is held out and training stops once its loss stops improving.
 * Single-threaded and deterministic for a seed.
 *
 * @param data binned matrix (fitBoostingBins, or the forest's bins), each feature at most maxBins bins.
 * @param y class indices (Uint8Array | Uint16Array | Int32Array, in [0, nClasses)) for log_loss, or a
 *   Float64Array of targets for a regression loss (poisson: >= 0 with a positive sum).
 * @throws TypeError / RangeError on wrong dtypes, lengths, targets or options, naming the option.
 */
export function trainBoosting(data: BinnedMatrix, y: ClassTarget | Float64Array, options: BoostingOptions = {}): BoostingResult {
  const { nRows, nFeatures, edges } = data;
  assertBinned(data.binned, nRows, edges);
  if (nFeatures !== edges.nFeatures) throw new RangeError(`data.nFeatures = ${nFeatures} but edges has ${edges.nFeatures} features`);
  const isClassification = !(y instanceof Float64Array);
  const resolved = resolveBoostingOptions(options, isClassification, nRows);
  for (let f = 0; f < nFeatures; f++) {
    if (edges.nBins[f] > resolved.maxBins) throw new RangeError(`feature ${f} has ${edges.nBins[f]} bins, more than maxBins = ${resolved.maxBins}: bin with the same maxBins`);
  }
  const { target, nClasses } = toTarget(y, nRows, options.nClasses, resolved);
  const weights = options.sampleWeight ?? null;
  if (weights !== null) assertSampleWeight(weights, nRows);
  const loss = createLoss(resolved.loss, nClasses);

  let train = { data, y: target, weights };
  let heldOut: typeof train | null = null;
  if (resolved.isEarlyStopping && resolved.validationFraction !== null) {
    const { trainRows, heldOutRows } = holdOutRows(target, isClassification, resolved.validationFraction, createRng(deriveSeed(resolved.seed, HOLD_OUT_STREAM)));
    const select = (rows: Uint32Array): typeof train => ({
      data: selectBinnedRows(data, rows),
      y: selectValues(target, rows),
      weights: weights === null ? null : selectValues(weights, rows),
    });
    if (heldOutRows.length === 0) {
      throw new RangeError(`validationFraction = ${resolved.validationFraction} holds out no row of ${nRows}: raise it, or pass earlyStopping false`);
    }
    train = select(trainRows);
    heldOut = select(heldOutRows);
  }
  return new BoostingRun(loss, resolved, train, heldOut, nClasses, options.onIteration).run();
}

interface RowSet {
  data: BinnedMatrix;
  y: Float64Array;
  weights: Float64Array | null;
}

function toTarget(y: ClassTarget | Float64Array, nRows: number, nClasses: number | undefined, options: ResolvedBoostingOptions): { target: Float64Array; nClasses: number } {
  if (y instanceof Float64Array) {
    if (nClasses !== undefined) throw new TypeError('nClasses was given but y is a Float64Array (regression)');
    assertRegressionTarget(y, nRows);
    if (options.loss === 'poisson' && (y.some((v) => v < 0) || !y.some((v) => v > 0))) {
      throw new RangeError("loss 'poisson' needs targets >= 0 with a positive sum");
    }
    return { target: y, nClasses: 0 };
  }
  let k = nClasses;
  if (k === undefined) {
    k = 0;
    for (let i = 0; i < y.length; i++) k = Math.max(k, y[i] + 1);
  }
  return { target: Float64Array.from(toClassIndices(y, nRows, k)), nClasses: k };
}

/** What computeGradients gets as hessians when they are constant (it leaves them alone). */
const NO_HESSIANS = new Float64Array(0);

/** One training: the raw scores, gradients and curves it keeps from iteration to iteration. */
class BoostingRun {
  private readonly K: number;
  private readonly grower: BoostedTreeGrower;
  private readonly raw: Float64Array;
  private readonly heldOutRaw: Float64Array | null;
  private readonly gradients: Float64Array;
  /** null when every hessian is the loss's constant (no weights). */
  private readonly hessians: Float64Array | null;
  private readonly lossRows: Uint32Array | null;
  private readonly baseline: Float64Array;

  constructor(
    private readonly loss: BoostingLoss,
    private readonly options: ResolvedBoostingOptions,
    private readonly train: RowSet,
    private readonly heldOut: RowSet | null,
    private readonly nClasses: number,
    private readonly onIteration: BoostingOptions['onIteration'],
  ) {
    const K = loss.nTreesPerIteration;
    this.K = K;
    const n = train.data.nRows;
    const constantHessian = train.weights === null ? loss.constantHessian : 0;
    this.grower = new BoostedTreeGrower(train.data, {
      learningRate: options.learningRate,
      maxLeafNodes: options.maxLeafNodes,
      maxDepth: options.maxDepth,
      minSamplesLeaf: options.minSamplesLeaf,
      l2Regularization: options.l2Regularization,
      minHessianToSplit: MIN_HESSIAN_TO_SPLIT,
      constantHessian,
      nFeaturesPerSplit: Math.max(1, Math.floor(options.maxFeatures * train.data.nFeatures)),
    });
    this.baseline = loss.baseline(train.y, train.weights);
    this.raw = filledWithBaseline(this.baseline, n);
    this.heldOutRaw = heldOut === null ? null : filledWithBaseline(this.baseline, heldOut.data.nRows);
    this.gradients = new Float64Array(K * n);
    this.hessians = constantHessian > 0 ? null : new Float64Array(K * n);
    // A weighted squared or absolute error has hessian = weight × constant, the same every iteration.
    if (this.hessians !== null && loss.constantHessian > 0) for (let i = 0; i < n; i++) this.hessians[i] = loss.constantHessian * train.weights![i];
    this.lossRows = n > LOSS_SUBSAMPLE_ROWS ? chooseRows(n, LOSS_SUBSAMPLE_ROWS, createRng(deriveSeed(options.seed, LOSS_SUBSAMPLE_STREAM))) : null;
  }

  run(): BoostingResult {
    const { loss, options, train, heldOut, K } = this;
    const n = train.data.nRows;
    const trees: BoostedTree[] = [];
    const trainLoss = [loss.meanLoss(train.y, train.weights, this.raw, this.lossRows)];
    const heldOutLoss = heldOut === null ? null : [this.heldOutLoss()];
    const leafValue = loss.leafValue === undefined ? undefined : this.leafValueFn(loss.leafValue);
    let nIter = 0;
    while (nIter < options.maxIter) {
      loss.computeGradients(train.y, train.weights, this.raw, this.gradients, this.hessians ?? NO_HESSIANS);
      for (let k = 0; k < K; k++) {
        const t = nIter * K + k;
        const slice = (a: Float64Array): Float64Array => a.subarray(k * n, (k + 1) * n);
        const tree = this.grower.grow(slice(this.gradients), this.hessians === null ? null : slice(this.hessians), createRng(deriveSeed(options.seed, t)), leafValue);
        this.grower.addToRaw(tree, slice(this.raw));
        if (heldOut !== null) addTreeByBins(tree, heldOut.data, this.heldOutRaw!.subarray(k * heldOut.data.nRows, (k + 1) * heldOut.data.nRows));
        trees.push(tree);
      }
      nIter++;
      trainLoss.push(loss.meanLoss(train.y, train.weights, this.raw, this.lossRows));
      heldOutLoss?.push(this.heldOutLoss());
      this.onIteration?.(nIter, options.maxIter);
      if (options.isEarlyStopping && shouldStopEarly(heldOutLoss ?? trainLoss, options.nIterNoChange, options.tol)) break;
    }
    const model = assembleBoostingModel(trees, {
      loss: options.loss,
      nFeatures: train.data.nFeatures,
      nClasses: this.nClasses,
      nTreesPerIteration: K,
      baseline: this.baseline,
    });
    return {
      model,
      nIter,
      trainLoss: Float64Array.from(trainLoss),
      validationLoss: heldOutLoss === null ? null : Float64Array.from(heldOutLoss),
      featureImportance: gainImportance(model),
    };
  }

  private heldOutLoss(): number {
    const heldOut = this.heldOut!;
    return this.loss.meanLoss(heldOut.y, heldOut.weights, this.heldOutRaw!, null);
  }

  /** absolute_error's leaf refit, on the training rows and the current raw scores (one output). */
  private leafValueFn(leafValue: NonNullable<BoostingLoss['leafValue']>) {
    const { y, weights } = this.train;
    return (rows: Uint32Array, start: number, end: number): number => leafValue(y, weights, this.raw, rows, start, end);
  }
}

/** Float64Array (K * n,), class-major, output k set to baseline[k]. */
function filledWithBaseline(baseline: Float64Array, n: number): Float64Array {
  const raw = new Float64Array(baseline.length * n);
  for (let k = 0; k < baseline.length; k++) raw.fill(baseline[k], k * n, (k + 1) * n);
  return raw;
}
