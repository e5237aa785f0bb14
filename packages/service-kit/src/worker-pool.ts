import { Worker, type ResourceLimits, type TransferListItem } from 'node:worker_threads';
import { TabulaError, reviveTabulaError, serviceShutDown, workerStopped, type ErrorCode, type ErrorDetail } from '@tabula/contracts';
import type { Logger } from './logger.js';

/** What a worker posts back once per job: a result, or an error flattened so it survives structured cloning. */
export type WorkerReply<O> =
  | { ok: true; result: O }
  | { ok: false; error: { code: ErrorCode; message: string; hint?: string; details?: ErrorDetail[]; stack?: string } };

/** What a worker may post any number of times before its reply, e.g. trees built so far. */
export interface WorkerProgress<P> {
  progress: P;
}

export interface RunOptions<P> {
  /** Buffers moved to the worker instead of copied. */
  transfer?: TransferListItem[];
  /** Called when a worker takes the job from the queue. */
  onStart?: () => void;
  /** Called with each progress message the worker posts for this job. */
  onProgress?: (progress: P) => void;
  /**
   * Cancels the job when aborted: a queued job leaves the queue; a running job's worker is
   * terminated, which stops it at once wherever it is, and a new worker takes its place. The job
   * rejects with the signal's reason.
   */
  signal?: AbortSignal;
}

interface PendingJob<I, O, P> extends RunOptions<P> {
  input: I;
  resolve: (value: O) => void;
  reject: (error: unknown) => void;
  /** Stops listening to the signal; set while the job is unsettled. */
  detach?: () => void;
}

interface Slot<I, O, P> {
  worker: Worker;
  job?: PendingJob<I, O, P>;
  /** Terminated because its job was cancelled: takes no job, and is replaced once it has exited. */
  isRetiring?: boolean;
}

/**
 * A fixed set of long-lived worker threads that run one job each at a time, with a FIFO queue in
 * front. CPU-heavy work stays off the event loop, so health checks and other requests keep
 * answering. Each job settles once, with its worker's reply; progress messages before the reply go
 * to the job's onProgress. A worker that dies fails only its own job and is replaced. A slot is
 * freed on every path out of a job (reply, failed hand-over, cancellation, worker exit), so a job
 * that goes wrong can never hold a worker.
 */
export class WorkerPool<I, O, P = never> {
  private readonly slots: Array<Slot<I, O, P>> = [];
  private readonly queue: Array<PendingJob<I, O, P>> = [];
  private closing?: Promise<void>;

  constructor(
    private readonly script: URL,
    size: number,
    private readonly workerData: unknown,
    private readonly logger: Logger,
    /** V8 heap limits of each worker, e.g. a smaller young generation to bound its memory. */
    private readonly resourceLimits?: ResourceLimits,
  ) {
    for (let i = 0; i < size; i++) this.slots.push(this.spawn());
  }

  /** Jobs waiting for a worker. */
  get queued(): number {
    return this.queue.length;
  }

  get size(): number {
    return this.slots.length;
  }

  /** Queues a job; it settles with its worker's reply (or fails if the worker dies, the pool closes or the signal aborts). */
  run(input: I, options: RunOptions<P> = {}): Promise<O> {
    if (this.closing) return Promise.reject(serviceShutDown());
    const { signal } = options;
    if (signal?.aborted) return Promise.reject(signal.reason);
    return new Promise<O>((resolve, reject) => {
      const job: PendingJob<I, O, P> = { ...options, input, resolve, reject };
      if (signal) {
        const onAbort = () => this.cancel(job, signal.reason);
        signal.addEventListener('abort', onAbort, { once: true });
        job.detach = () => signal.removeEventListener('abort', onAbort);
      }
      this.queue.push(job);
      this.dispatch();
    });
  }

  /** Fails every queued and running job at once, then stops the workers. Safe to call twice. */
  close(): Promise<void> {
    this.closing ??= this.stop();
    return this.closing;
  }

  private async stop(): Promise<void> {
    const unfinished = [...this.slots.flatMap((slot) => (slot.job ? [slot.job] : [])), ...this.queue.splice(0)];
    for (const slot of this.slots) slot.job = undefined;
    for (const job of unfinished) fail(job, serviceShutDown());
    await Promise.all(this.slots.map((slot) => slot.worker.terminate()));
  }

  private spawn(): Slot<I, O, P> {
    const slot: Slot<I, O, P> = { worker: new Worker(this.script, { workerData: this.workerData, resourceLimits: this.resourceLimits }) };
    slot.worker.on('message', (message: WorkerReply<O> | WorkerProgress<P>) => {
      if ('progress' in message) slot.job?.onProgress?.(message.progress);
      else this.settle(slot, message);
    });
    slot.worker.on('error', (error) => this.logger.error({ err: error }, 'worker thread failed'));
    slot.worker.on('exit', (code) => this.replace(slot, code));
    return slot;
  }

  private dispatch(): void {
    for (const slot of this.slots) {
      while (!slot.job && !slot.isRetiring && this.queue.length > 0) {
        const job = this.queue.shift() as PendingJob<I, O, P>;
        slot.job = job;
        try {
          slot.worker.postMessage(job.input, job.transfer);
        } catch (error) {
          // The input cannot be cloned (or the worker is gone): the job fails, the slot stays free.
          slot.job = undefined;
          fail(job, error);
          continue;
        }
        job.onStart?.();
      }
    }
  }

  /** Takes a queued job out of the queue, or stops the worker running it. */
  private cancel(job: PendingJob<I, O, P>, reason: unknown): void {
    const queuedAt = this.queue.indexOf(job);
    if (queuedAt >= 0) this.queue.splice(queuedAt, 1);
    const slot = this.slots.find((candidate) => candidate.job === job);
    if (slot) {
      slot.job = undefined;
      slot.isRetiring = true;
      // A running job cannot be interrupted from inside (it is synchronous CPU work): terminating
      // the thread stops it at once. 'exit' then brings a new worker (replace).
      void slot.worker.terminate();
    }
    if (queuedAt >= 0 || slot) fail(job, reason);
  }

  private settle(slot: Slot<I, O, P>, reply: WorkerReply<O>): void {
    const job = slot.job;
    slot.job = undefined;
    if (job) {
      if (reply.ok) succeed(job, reply.result);
      else fail(job, reviveError(reply.error));
    }
    this.dispatch();
  }

  private replace(slot: Slot<I, O, P>, code: number): void {
    if (this.closing) return;
    const job = slot.job;
    slot.job = undefined;
    if (job) fail(job, workerStopped(code));
    const index = this.slots.indexOf(slot);
    if (index >= 0) this.slots[index] = this.spawn();
    this.dispatch();
  }
}

function succeed<I, O, P>(job: PendingJob<I, O, P>, result: O): void {
  job.detach?.();
  job.resolve(result);
}

function fail<I, O, P>(job: PendingJob<I, O, P>, error: unknown): void {
  job.detach?.();
  job.reject(error);
}

function reviveError(error: Extract<WorkerReply<unknown>, { ok: false }>['error']): TabulaError {
  const revived = reviveTabulaError(error);
  if (error.stack) revived.stack = error.stack;
  return revived;
}

/**
 * Flattens anything thrown inside a worker into a WorkerReply error. A TabulaError keeps its code
 * and text; anything else becomes INTERNAL with `internalMessage` for the client and the stack
 * for the log.
 */
export function toWorkerError(error: unknown, internalMessage: string): Extract<WorkerReply<unknown>, { ok: false }>['error'] {
  if (error instanceof TabulaError) {
    return { code: error.code, message: error.message, hint: error.hint, details: error.details };
  }
  const stack = error instanceof Error ? error.stack : String(error);
  return { code: 'INTERNAL', message: internalMessage, stack };
}
