import { parentPort, resourceLimits } from 'node:worker_threads';
import { invalidInput } from '@tabula/contracts';
import { toWorkerError } from '../worker-pool.js';

/**
 * A worker for WorkerPool's tests: posts `steps` progress messages, then replies with the steps
 * counted, or fails with INVALID_INPUT when steps is negative, or never replies when it is Infinity,
 * or spins on the CPU forever (a training stuck inside one long tree) when it is -Infinity, or
 * replies with its heap's young-generation limit in MB when steps is NaN.
 */
const port = parentPort;
if (!port) throw new Error('counting-worker.js must run as a worker thread');

port.on('message', (steps: number) => {
  if (steps === Infinity) return;
  if (steps === -Infinity) for (;;);
  if (Number.isNaN(steps)) {
    port.postMessage({ ok: true, result: resourceLimits.maxYoungGenerationSizeMb });
    return;
  }
  if (steps < 0) {
    port.postMessage({ ok: false, error: toWorkerError(invalidInput(`steps must be at least 0, got ${steps}.`), 'failed') });
    return;
  }
  for (let step = 1; step <= steps; step++) port.postMessage({ progress: step });
  port.postMessage({ ok: true, result: steps });
});
