import { parentPort, workerData } from 'node:worker_threads';
import { z } from '@tabula/contracts';
import { openModelStore } from '@tabula/model-store';
import { createLogger, toWorkerError } from '@tabula/service-kit/worker';
import { ModelRegistry } from '../domain/model-registry.js';
import { runMonitorJob } from '../domain/monitor-model.js';
import { runScoreJob } from '../domain/score-job.js';
import type { PoolJob } from './scorer.js';

// Entry point of a scoring worker thread: its own model cache for the thread's life, one job at a time
// (a block or frame to score, a model to load, or a monitoring check).
const config = z
  .object({
    modelsDir: z.string(),
    cacheBytes: z.number().positive(),
    limits: z.object({ maxFeatures: z.number().int().positive(), maxCategories: z.number().int().positive(), maxClasses: z.number().int().min(2) }),
    logLevel: z.string(),
  })
  .parse(workerData);
const logger = createLogger('predictor', config.logLevel).child({ thread: 'scoring-worker' });
const store = openModelStore(config.modelsDir);
const registry = new ModelRegistry(store, {
  cacheBytes: config.cacheBytes,
  limits: config.limits,
  onLoaded: (loaded) =>
    logger.info(
      { model_name: loaded.name, model_version: loaded.version, bytes: loaded.bytes, memory_bytes: loaded.memoryBytes, load_ms: loaded.loadMs },
      'model loaded',
    ),
});
const port = parentPort;
if (!port) throw new Error('score-worker.js must run as a worker thread');

port.on('message', async (job: PoolJob) => {
  try {
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
