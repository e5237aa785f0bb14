import { constants, setPriority } from 'node:os';
import { parentPort, workerData } from 'node:worker_threads';
import { z, type TrainingProgress, type TrainResponse } from '@tabula/contracts';
import { openConfiguredStore, type ConfiguredStore, type StoreSpec } from '@tabula/model-store';
import { toWorkerError, type WorkerProgress, type WorkerReply } from '@tabula/service-kit/worker';
import { trainModel } from '../domain/train-model.js';
import { claimSaveGate } from './save-gate.js';
import type { TrainingJobInput } from './training-jobs.js';

// Entry point of a training worker thread: one store handle for the thread's life, one job at a
// time. Progress goes to the main thread as it happens (the job table shows it); the reply ends the job.
// The store comes as a StoreSpec (plain data): the folder, or the PostgreSQL registry and its artifact store,
// whose `root` is no folder a thread could open.
const { storeSpec, csvLimits, modelLimits, formatLimits, streamingMinBytes, streamingForestBytes } = z
  .object({
    storeSpec: z.custom<StoreSpec>((value) => typeof value === 'object' && value !== null && 'kind' in value),
    csvLimits: z.object({ maxRows: z.number(), maxColumns: z.number(), maxHeaderBytes: z.number(), maxCellBytes: z.number() }),
    modelLimits: z.object({ maxFeatures: z.number(), maxCategories: z.number(), maxClasses: z.number() }),
    formatLimits: z.object({ maxDecompressedBytes: z.number(), maxJsonArrayBytes: z.number() }),
    /** TRAINER_STREAMING_MIN_MB in bytes; absent (older callers, tests) for never. */
    streamingMinBytes: z.number().min(0).optional(),
    /** TRAINER_STREAMING_FOREST_MB in bytes; 0 or absent for no bound. */
    streamingForestBytes: z.number().min(0).optional(),
  })
  .parse(workerData);
// Opened at the first job, and again at the next one if that failed (a database down then is one failed
// training, not a dead thread).
let opening: Promise<ConfiguredStore> | undefined;
const openStore = (): Promise<ConfiguredStore> =>
  (opening ??= openConfiguredStore(storeSpec, { forWorkerThread: true }).catch((error: unknown) => {
    opening = undefined;
    throw error;
  }));
const port = parentPort;
if (!port) throw new Error('train-worker.js must run as a worker thread');

// Training gives way to the main thread, so /health and job polls are served first when every core
// is busy. On Linux the nice value belongs to the thread: this lowers this worker only (elsewhere it
// would lower the whole process, so it is left alone).
if (process.platform === 'linux') setPriority(constants.priority.PRIORITY_BELOW_NORMAL);

const post = (message: WorkerReply<TrainResponse> | WorkerProgress<TrainingProgress>) => port.postMessage(message);

port.on('message', async ({ saveGate, jobId, ...input }: TrainingJobInput) => {
  let reply: WorkerReply<TrainResponse>;
  try {
    const options = { report: (progress: TrainingProgress) => post({ progress }), csvLimits, modelLimits, formatLimits, maySave: () => claimSaveGate(saveGate), jobId, streamingMinBytes, streamingForestBytes };
    reply = { ok: true, result: await trainModel(input, await openStore(), options) };
  } catch (error) {
    reply = { ok: false, error: toWorkerError(error, 'Training failed with an internal error. It has been logged.') };
  }
  // Every job gets exactly one reply, or its worker would stay busy for good.
  try {
    post(reply);
  } catch (error) {
    post({ ok: false, error: toWorkerError(error, 'Training ended, but its answer could not be sent back. It has been logged.') });
  }
});
