/**
 * Not on the production path: the bench and the tests call it (through trainForest). The trainer
 * already spreads work over cores one level up, one training per worker thread of its pool
 * (TRAINER_WORKERS, default one per core, each running trainForestSync), so spreading one forest's
 * trees over more threads there would only make concurrent trainings contend for the same cores and
 * would put a second level of threads under the job stop (which terminates the job's thread).
 * It is kept as the engine's answer to sklearn's n_jobs, and the bench measures what it gains.
 */
import { Worker } from 'node:worker_threads';
import type { ResolvedForestOptions } from '../forest/forest-options.js';
import type { FlatTree } from '../tree/flat-tree.js';
import type { BinnedMatrix, TreeTarget } from '../tree/layout.js';

/**
 * What every worker needs to grow any tree of a forest. `data.binned` sits on a SharedArrayBuffer, so
 * posting the job shares the matrix instead of copying it; the rest is small.
 */
export interface ForestJob {
  data: BinnedMatrix;
  target: TreeTarget;
  options: ResolvedForestOptions;
}

/** A grown tree on its way back from a worker. */
export interface TreeMessage {
  treeIdx: number;
  tree: FlatTree;
}

/**
 * Worker threads for nJobs: null/undefined means every core, a negative count leaves (-nJobs - 1)
 * cores free, as sklearn's n_jobs does. Cores come from navigator.hardwareConcurrency (Node >= 21);
 * where it is missing (Node 20) the default is 1.
 */
export function resolveWorkerCount(nJobs: number | null | undefined, nTrees: number): number {
  const cores = (globalThis as { navigator?: { hardwareConcurrency?: number } }).navigator?.hardwareConcurrency ?? 1;
  if (nJobs !== null && nJobs !== undefined && (!Number.isInteger(nJobs) || nJobs === 0)) {
    throw new RangeError(`nJobs must be a non-zero integer or null, got ${nJobs}`);
  }
  const wanted = nJobs === null || nJobs === undefined ? cores : nJobs > 0 ? nJobs : Math.max(1, cores + 1 + nJobs);
  return Math.min(wanted, nTrees);
}

/**
 * Grows trees 0..nTrees-1 of a forest on `nWorkers` worker threads. Trees are handed out one at a time
 * to whichever worker is free; each tree seeds from its own index, so the result is the same for any
 * worker count and any finishing order.
 *
 * @param job data.binned must be a view over a SharedArrayBuffer (trainForest bins straight into one).
 * @param onTreeGrown called as each tree arrives, with the count so far and nTrees.
 * @returns the trees in index order.
 */
export function growTreesInWorkers(
  job: ForestJob,
  nTrees: number,
  nWorkers: number,
  onTreeGrown?: (nGrown: number, nTrees: number) => void,
): Promise<FlatTree[]> {
  if (!(job.data.binned.buffer instanceof SharedArrayBuffer)) {
    throw new TypeError('job.data.binned must be backed by a SharedArrayBuffer');
  }
  return new Promise((resolve, reject) => {
    const trees = new Array<FlatTree>(nTrees);
    const workers: Worker[] = [];
    let nextTree = 0;
    let nDone = 0;
    let isSettled = false;
    const settle = (error?: Error) => {
      if (isSettled) return;
      isSettled = true;
      for (const worker of workers) void worker.terminate();
      if (error) reject(error);
      else resolve(trees);
    };
    for (let w = 0; w < nWorkers; w++) {
      const worker = new Worker(new URL('./forest-worker.js', import.meta.url), { workerData: job });
      workers.push(worker);
      worker.on('message', ({ treeIdx, tree }: TreeMessage) => {
        trees[treeIdx] = tree;
        nDone++;
        try {
          onTreeGrown?.(nDone, nTrees);
        } catch (error) {
          return settle(error as Error);
        }
        if (nDone === nTrees) settle();
        else if (nextTree < nTrees) worker.postMessage(nextTree++);
      });
      worker.on('error', (error) => settle(error));
      worker.on('exit', (code) => {
        if (!isSettled) settle(new Error(`forest worker exited with code ${code} before the forest was complete`));
      });
      if (nextTree < nTrees) worker.postMessage(nextTree++);
    }
  });
}
