import { parentPort, workerData } from 'node:worker_threads';
import { z } from '@tabula/contracts';
import { openConfiguredStore, type ConfiguredStore, type StoreSpec } from '@tabula/model-store';
import { createLogger, toWorkerError } from '@tabula/service-kit/worker';
import { ModelRegistry } from '../domain/model-registry.js';
import { runMonitorJob } from '../domain/monitor-model.js';
import { runScoreJob } from '../domain/score-job.js';
import type { PoolJob } from './scorer.js';

// Entry point of a scoring worker thread: its own store handle and model cache for the thread's life, one job at a
// time (a block or frame to score, a model to load, or a monitoring check).

// The StoreSpec the main thread opened (storeSpecOf already checked its settings), as plain data.
const StoreSpecSchema = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('folder'), root: z.string() }),
  z.object({
    kind: z.literal('postgres'),
    databaseUrl: z.string(),
    artifactsUri: z.string(),
    s3: z.object({ endpoint: z.string().optional(), forcePathStyle: z.boolean(), region: z.string() }),
  }),
]) satisfies z.ZodType<StoreSpec>;

const config = z
  .object({
    storeSpec: StoreSpecSchema,
    cacheBytes: z.number().positive(),
    limits: z.object({ maxFeatures: z.number().int().positive(), maxCategories: z.number().int().positive(), maxClasses: z.number().int().min(2) }),
    logLevel: z.string(),
  })
  .parse(workerData);
const logger = createLogger('predictor', config.logLevel).child({ thread: 'scoring-worker' });

interface WorkerStore {
  store: ConfiguredStore;
  registry: ModelRegistry;
}

let opening: Promise<WorkerStore> | undefined;

/**
 * The thread's store and registry, opened at the first job. Its own handle (in cluster mode with its own LISTEN, so
 * its resolution cache and loaded models follow every change as the main thread's do). No retry loop here: the main
 * thread opened the same store before starting the workers, so a failure is an outage, which fails this job with the
 * store's 503, and the next job tries again.
 */
function openWorkerStore(): Promise<WorkerStore> {
  opening ??= openConfiguredStore(config.storeSpec, { forWorkerThread: true }).then(
    (store) => ({
      store,
      registry: new ModelRegistry(store, {
        cacheBytes: config.cacheBytes,
        limits: config.limits,
        onRegistryChange: store.kind === 'postgres' ? (listener) => store.onRegistryChange(listener) : undefined,
        onLoaded: (loaded) =>
          logger.info(
            { model_name: loaded.name, model_version: loaded.version, bytes: loaded.bytes, memory_bytes: loaded.memoryBytes, load_ms: loaded.loadMs },
            'model loaded',
          ),
      }),
    }),
    (error: unknown) => {
      opening = undefined;
      throw error;
    },
  );
  return opening;
}

const port = parentPort;
if (!port) throw new Error('score-worker.js must run as a worker thread');

port.on('message', async (job: PoolJob) => {
  try {
    const { store, registry } = await openWorkerStore();
    if (job.kind === 'monitor') {
      port.postMessage({ ok: true, result: { report: await runMonitorJob(job, { store, registry }) } });
      return;
    }
    const result = await runScoreJob(job, registry);
    // The encoded lines move to the main thread instead of being copied.
    port.postMessage({ ok: true, result }, result.lines ? [result.lines.buffer as ArrayBuffer] : []);
  } catch (error) {
    port.postMessage({ ok: false, error: toWorkerError(error, 'Scoring failed with an internal error. It has been logged.') });
  }
});
