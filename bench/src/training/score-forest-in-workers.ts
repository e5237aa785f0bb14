import { once } from 'node:events';
import { Worker } from 'node:worker_threads';
import type { FlatForest } from '@tabula/engines';
import { secondsSince, type ScoringBatch } from './engine-run.js';

/** What each scoring worker gets at start: its copy of the forest, and the batch and the output, shared rather than copied. */
export interface ForestScoringShare {
  forest: FlatForest;
  /** The batch, column-major Float64 (nRows * nFeatures,). */
  X: SharedArrayBuffer;
  nRows: number;
  /** Probabilities, row-major Float64 (nRows * nOutputs,). */
  out: SharedArrayBuffer;
}

export interface RowRange {
  from: number;
  to: number;
}

/** Rows each worker scores before the clock starts, so that its walk is compiled as the calling thread's is. */
const WARM_UP_ROWS = 2_000;

/**
 * Scores the batch with `nThreads` worker threads, each walking the whole forest for its own
 * contiguous range of rows, so every row's sum runs over the trees in the same order as in one
 * thread and the probabilities are bit-identical. Before the clock starts the workers are loaded,
 * given the forest and warmed up on a few rows, as a service's scoring threads would be.
 *
 * @returns the probabilities (Float64Array (nRows * nOutputs,), row-major) and the rows scored per second.
 */
export async function scoreForestInWorkers(forest: FlatForest, batch: ScoringBatch, nThreads: number): Promise<{ proba: Float64Array; rowsPerSecond: number }> {
  const share: ForestScoringShare = {
    forest,
    X: new SharedArrayBuffer(batch.X.byteLength),
    nRows: batch.nRows,
    out: new SharedArrayBuffer(batch.nRows * forest.nOutputs * Float64Array.BYTES_PER_ELEMENT),
  };
  new Float64Array(share.X).set(batch.X);
  const workers = Array.from({ length: nThreads }, () => new Worker(new URL('./forest-score-worker.js', import.meta.url), { workerData: share }));
  try {
    await Promise.all(workers.map((worker) => once(worker, 'message')));
    await Promise.all(workers.map((worker) => scoreRange(worker, { from: 0, to: Math.min(batch.nRows, WARM_UP_ROWS) })));
    const start = performance.now();
    await Promise.all(workers.map((worker, i) => scoreRange(worker, { from: Math.floor((i * batch.nRows) / nThreads), to: Math.floor(((i + 1) * batch.nRows) / nThreads) })));
    return { proba: new Float64Array(share.out), rowsPerSecond: batch.nRows / secondsSince(start) };
  } finally {
    await Promise.all(workers.map((worker) => worker.terminate()));
  }
}

function scoreRange(worker: Worker, range: RowRange): Promise<unknown> {
  const done = once(worker, 'message');
  worker.postMessage(range);
  return done;
}
