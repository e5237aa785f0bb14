// What code inside a worker thread needs, without express and the rest of index.ts: every scoring
// and training thread imports this, and each module graph loaded there costs memory per thread.
export { createLogger } from './logger.js';
export type { Logger } from './logger.js';
export { toWorkerError } from './worker-pool.js';
export type { WorkerProgress, WorkerReply } from './worker-pool.js';
