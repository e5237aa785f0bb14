import { Worker } from 'node:worker_threads';
import type { EngineRun, ModelKind } from './engine-run.js';
import type { BenchDataset, LabelledMatrix } from './labelled-matrix.js';

/** What mljs-worker.ts fits and scores. */
export interface MljsJob {
  model: ModelKind;
  nTrees: number;
  nClasses: number;
  train: LabelledMatrix;
  test: LabelledMatrix;
}

/**
 * Fits an ml.js model in a worker thread and scores the held-out rows (once: at ml.js speeds a
 * tiled batch would not finish). The worker is terminated when fit and scoring together pass
 * `timeoutMs`; the result is then null.
 */
export function runMljs(dataset: BenchDataset, model: ModelKind, nTrees: number, timeoutMs: number): Promise<EngineRun | null> {
  const job: MljsJob = { model, nTrees, nClasses: dataset.nClasses, train: dataset.train, test: dataset.test };
  const worker = new Worker(new URL('./mljs-worker.js', import.meta.url), { workerData: job });
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      resolve(null);
      void worker.terminate();
    }, timeoutMs);
    worker.once('message', (run: EngineRun) => {
      clearTimeout(timer);
      resolve(run);
    });
    worker.once('error', (error) => {
      clearTimeout(timer);
      reject(error);
    });
    worker.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`the ml.js ${model} worker exited with code ${code} before reporting`));
    });
  });
}
