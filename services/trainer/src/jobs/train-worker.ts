import { parentPort, workerData } from 'node:worker_threads';
import { z } from '@tabula/contracts';
import { openModelStore } from '@tabula/model-store';
import { toWorkerError } from '@tabula/service-kit';
import { trainModel, type TrainModelInput } from '../domain/train-model.js';

// Entry point of a training worker thread: one store handle for the thread's life, one job at a time.
const { modelsDir } = z.object({ modelsDir: z.string() }).parse(workerData);
const store = openModelStore(modelsDir);
const port = parentPort;
if (!port) throw new Error('train-worker.js must run as a worker thread');

port.on('message', async (input: TrainModelInput) => {
  try {
    port.postMessage({ ok: true, result: await trainModel(input, store) });
  } catch (error) {
    port.postMessage({ ok: false, error: toWorkerError(error, 'Training failed with an internal error. It has been logged.') });
  }
});
