import { describe, expect, it } from '@jest/globals';
import { fitBinEdges } from '../binning/fit-bin-edges.js';
import { mapToBins } from '../binning/map-to-bins.js';
import { resolveForestOptions } from '../forest/forest-options.js';
import { growForestTree } from '../forest/grow-forest-tree.js';
import { createRng } from '../random/seeded-rng.js';
import type { FlatTree } from '../tree/flat-tree.js';
import { makeBlobs } from '../testing/synthetic-data.js';
import { growTreesInWorkers, resolveWorkerCount, type ForestJob } from './grow-trees-in-workers.js';

function makeJob(isShared: boolean): ForestJob {
  const d = makeBlobs(400, 3, 2, 3, { separation: 0.5 });
  const edges = fitBinEdges(d.X, 400, 3, createRng(0));
  const binned = mapToBins(d.X, 400, edges, new Uint8Array(isShared ? new SharedArrayBuffer(1_200) : new ArrayBuffer(1_200)));
  return {
    data: { binned, nRows: 400, nFeatures: 3, edges },
    target: { kind: 'classification', classes: Int32Array.from(d.y), nClasses: 2 },
    options: resolveForestOptions({ nEstimators: 5, seed: 9 }, true, 3),
  };
}

describe('growTreesInWorkers(job, nTrees, nWorkers)', () => {
  it('should return, in index order, the trees this thread grows for the same indices', async () => {
    const job = makeJob(true);
    const trees = await growTreesInWorkers(job, 5, 3);
    // Arrays from a worker belong to another realm than jest's, so compare their contents.
    const plain = (tree: FlatTree) => Object.fromEntries(Object.entries(tree).map(([key, v]) => [key, ArrayBuffer.isView(v) ? Array.from(v as Float64Array) : v]));
    expect(trees.map(plain)).toEqual([0, 1, 2, 3, 4].map((t) => plain(growForestTree(job.data, job.target, job.options, t))));
  });

  it('should refuse a binned matrix that is not on a SharedArrayBuffer', () => {
    expect(() => growTreesInWorkers(makeJob(false), 5, 2)).toThrow(TypeError);
  });
});

describe('resolveWorkerCount(nJobs, nTrees)', () => {
  const cores = (globalThis as { navigator?: { hardwareConcurrency?: number } }).navigator?.hardwareConcurrency ?? 1;

  it('should use every core by default and for -1, and count back from the cores below that', () => {
    expect(resolveWorkerCount(undefined, 1_000)).toBe(cores);
    expect(resolveWorkerCount(null, 1_000)).toBe(cores);
    expect(resolveWorkerCount(-1, 1_000)).toBe(cores);
    expect(resolveWorkerCount(-1_000, 1_000)).toBe(1);
  });

  it('should never start more workers than trees', () => {
    expect(resolveWorkerCount(8, 3)).toBe(3);
    expect(resolveWorkerCount(2, 100)).toBe(2);
  });

  it.each([0, 1.5, NaN])('should reject nJobs = %p', (nJobs) => {
    expect(() => resolveWorkerCount(nJobs, 10)).toThrow(RangeError);
  });
});
