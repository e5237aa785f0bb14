import { assertBinned } from '../binning/assert-binned.js';
import { fitForestBinEdges } from '../binning/fit-forest-bin-edges.js';
import { mapToBins } from '../binning/map-to-bins.js';
import { growTreesInWorkers, resolveWorkerCount, type ForestJob } from '../parallel/grow-trees-in-workers.js';
import type { BinEdges, TreeTarget } from '../tree/layout.js';
import { assertMatrix, assertRegressionTarget, assertSampleWeight, toClassIndices, type ClassTarget } from '../validation/input-checks.js';
import { concatTrees, type FlatForest } from './flat-forest.js';
import { resolveForestOptions, type ForestOptions } from './forest-options.js';
import { ForestScratch } from './forest-scratch.js';
import { growForestTree } from './grow-forest-tree.js';

/**
 * Trains a random forest on worker threads: bins X once into a SharedArrayBuffer, then grows the
 * trees in parallel. The forest is identical to trainForestSync's for the same seed, whatever nJobs.
 * Used by the bench and the tests only; the trainer runs trainForestSync in its own worker threads
 * (see parallel/grow-trees-in-workers.ts).
 *
 * @param X Float64Array (nFeatures * nRows,), column-major: X[f * nRows + row]; NaN for missing.
 * @param y class indices (Uint8Array | Uint16Array | Int32Array, values in [0, nClasses)) for a
 *   classifier, or Float64Array of targets for a regressor.
 * @returns FlatForest; classifiers hold class frequencies per node, regressors the mean target.
 * @throws TypeError / RangeError on wrong dtypes, lengths, non-finite targets or options.
 */
export async function trainForest(
  X: Float64Array,
  nRows: number,
  nFeatures: number,
  y: ClassTarget | Float64Array,
  options: ForestOptions = {},
): Promise<FlatForest> {
  const job = prepareForestJob(X, nRows, nFeatures, y, options, true);
  const nTrees = job.options.nEstimators;
  const trees = await growTreesInWorkers(job, nTrees, resolveWorkerCount(options.nJobs, nTrees), options.onTreeGrown);
  return concatTrees(trees, job.target.kind, nFeatures, outputsOf(job.target));
}

/** trainForest in the calling thread (nJobs is ignored); same arguments, same forest. */
export function trainForestSync(
  X: Float64Array,
  nRows: number,
  nFeatures: number,
  y: ClassTarget | Float64Array,
  options: ForestOptions = {},
): FlatForest {
  const job = prepareForestJob(X, nRows, nFeatures, y, options, false);
  const nTrees = job.options.nEstimators;
  const scratch = new ForestScratch(nRows);
  const trees = Array.from({ length: nTrees }, (_, t) => {
    const tree = growForestTree(job.data, job.target, job.options, t, scratch);
    options.onTreeGrown?.(t + 1, nTrees);
    return tree;
  });
  return concatTrees(trees, job.target.kind, nFeatures, outputsOf(job.target));
}

/**
 * trainForestSync on a matrix binned by the caller, for data too large to hold as floats (the trainer's
 * streaming path bins a file batch by batch with edges fitted on a sample). The same trees as
 * trainForestSync grows when `binned` is mapToBins(X, nRows, edges) and edges are the ones it would fit.
 *
 * @param binned Uint8Array (nFeatures * nRows,), column-major, each value a bin of its feature or MISSING_BIN.
 * @param edges the bins' upper edges in raw units; the forest's thresholds are read from them.
 */
export function trainForestOnBinsSync(
  binned: Uint8Array,
  nRows: number,
  edges: BinEdges,
  y: ClassTarget | Float64Array,
  options: ForestOptions = {},
): FlatForest {
  assertBinned(binned, nRows, edges);
  const nFeatures = edges.nFeatures;
  const job = resolveJob(nRows, nFeatures, y, options);
  const data = { binned, nRows, nFeatures, edges };
  const nTrees = job.options.nEstimators;
  const scratch = new ForestScratch(nRows);
  const trees = Array.from({ length: nTrees }, (_, t) => {
    const tree = growForestTree(data, job.target, job.options, t, scratch);
    options.onTreeGrown?.(t + 1, nTrees);
    return tree;
  });
  return concatTrees(trees, job.target.kind, nFeatures, outputsOf(job.target));
}

/** The target and the options, validated and resolved. */
function resolveJob(nRows: number, nFeatures: number, y: ClassTarget | Float64Array, options: ForestOptions): Omit<ForestJob, 'data'> {
  const target = toTarget(y, nRows, options.nClasses);
  const resolved = resolveForestOptions(options, target.kind === 'classification', nFeatures);
  if (resolved.sampleWeight !== null) assertSampleWeight(resolved.sampleWeight, nRows);
  return { target, options: resolved };
}

/** Validates the inputs, resolves the options and bins X, into shared memory when asked. */
function prepareForestJob(
  X: Float64Array,
  nRows: number,
  nFeatures: number,
  y: ClassTarget | Float64Array,
  options: ForestOptions,
  isShared: boolean,
): ForestJob {
  assertMatrix(X, nRows, nFeatures);
  const { target, options: resolved } = resolveJob(nRows, nFeatures, y, options);
  const edges = fitForestBinEdges(X, nRows, nFeatures, resolved.seed);
  const size = nRows * nFeatures;
  const binned = mapToBins(X, nRows, edges, new Uint8Array(isShared ? new SharedArrayBuffer(size) : new ArrayBuffer(size)));
  return { data: { binned, nRows, nFeatures, edges }, target, options: resolved };
}

function toTarget(y: ClassTarget | Float64Array, nRows: number, nClasses: number | undefined): TreeTarget {
  if (y instanceof Float64Array) {
    if (nClasses !== undefined) throw new TypeError('nClasses was given but y is a Float64Array (regression)');
    assertRegressionTarget(y, nRows);
    return { kind: 'regression', values: y };
  }
  let k = nClasses;
  if (k === undefined) {
    k = 0;
    for (let i = 0; i < y.length; i++) k = Math.max(k, y[i] + 1);
  }
  return { kind: 'classification', classes: toClassIndices(y, nRows, k), nClasses: k };
}

function outputsOf(target: TreeTarget): number {
  return target.kind === 'classification' ? target.nClasses : 1;
}
