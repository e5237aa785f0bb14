import { fitBinEdges } from '../binning/fit-bin-edges.js';
import { mapToBins } from '../binning/map-to-bins.js';
import { growTreesInWorkers, resolveWorkerCount, type ForestJob } from '../parallel/grow-trees-in-workers.js';
import { createRng, deriveSeed } from '../random/seeded-rng.js';
import type { TreeTarget } from '../tree/layout.js';
import { assertMatrix, assertRegressionTarget, assertSampleWeight, toClassIndices, type ClassTarget } from '../validation/input-checks.js';
import { concatTrees, type FlatForest } from './flat-forest.js';
import { resolveForestOptions, type ForestOptions } from './forest-options.js';
import { growForestTree } from './grow-forest-tree.js';

/** Generator stream of the binning subsample, apart from the trees' streams 0..nEstimators-1. */
const BINNING_STREAM = 0xffffffff;

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
  const trees = Array.from({ length: nTrees }, (_, t) => {
    const tree = growForestTree(job.data, job.target, job.options, t);
    options.onTreeGrown?.(t + 1, nTrees);
    return tree;
  });
  return concatTrees(trees, job.target.kind, nFeatures, outputsOf(job.target));
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
  const target = toTarget(y, nRows, options.nClasses);
  const resolved = resolveForestOptions(options, target.kind === 'classification', nFeatures);
  if (resolved.sampleWeight !== null) assertSampleWeight(resolved.sampleWeight, nRows);
  const edges = fitBinEdges(X, nRows, nFeatures, createRng(deriveSeed(resolved.seed, BINNING_STREAM)));
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
