import { Worker, type TransferListItem } from 'node:worker_threads';
import { TabulaError, type ErrorCode, type ErrorDetail } from '@tabula/contracts';
import type { Logger } from './logger.js';

/** What a worker posts back: a result, or an error flattened so it survives structured cloning. */
export type WorkerReply<O> =
  | { ok: true; result: O }
  | { ok: false; error: { code: ErrorCode; message: string; hint?: string; details?: ErrorDetail[]; stack?: string } };

interface PendingJob<I, O> {
  input: I;
  transfer: TransferListItem[];
  resolve: (value: O) => void;
  reject: (error: unknown) => void;
}

interface Slot<I, O> {
  worker: Worker;
  job?: PendingJob<I, O>;
}

/**
 * A fixed set of long-lived worker threads that run one job each at a time, with a FIFO queue in
 * front. CPU-heavy work stays off the event loop, so health checks and other requests keep
 * answering. A worker that dies fails only its own job and is replaced.
 */
export class WorkerPool<I, O> {
  private readonly slots: Array<Slot<I, O>> = [];
  private readonly queue: Array<PendingJob<I, O>> = [];
  private closed = false;

  constructor(
    private readonly script: URL,
    size: number,
    private readonly workerData: unknown,
    private readonly logger: Logger,
  ) {
    for (let i = 0; i < size; i++) this.slots.push(this.spawn());
  }

  get queued(): number {
    return this.queue.length;
  }

  get size(): number {
    return this.slots.length;
  }

  /** Queues a job; `transfer` moves buffers to the worker instead of copying them. */
  run(input: I, transfer: TransferListItem[] = []): Promise<O> {
    if (this.closed) return Promise.reject(new TabulaError('MODEL_NOT_READY', 'The service is shutting down.'));
    return new Promise<O>((resolve, reject) => {
      this.queue.push({ input, transfer, resolve, reject });
      this.dispatch();
    });
  }

  async close(): Promise<void> {
    this.closed = true;
    await Promise.all(this.slots.map((slot) => slot.worker.terminate()));
  }

  private spawn(): Slot<I, O> {
    const slot: Slot<I, O> = { worker: new Worker(this.script, { workerData: this.workerData }) };
    slot.worker.on('message', (reply: WorkerReply<O>) => this.settle(slot, reply));
    slot.worker.on('error', (error) => this.logger.error({ err: error }, 'worker thread failed'));
    slot.worker.on('exit', (code) => this.replace(slot, code));
    return slot;
  }

  private dispatch(): void {
    for (const slot of this.slots) {
      if (slot.job) continue;
      const job = this.queue.shift();
      if (!job) return;
      slot.job = job;
      slot.worker.postMessage(job.input, job.transfer);
    }
  }

  private settle(slot: Slot<I, O>, reply: WorkerReply<O>): void {
    const job = slot.job;
    slot.job = undefined;
    if (job) {
      if (reply.ok) job.resolve(reply.result);
      else job.reject(reviveError(reply.error));
    }
    this.dispatch();
  }

  private replace(slot: Slot<I, O>, code: number): void {
    if (this.closed) return;
    const job = slot.job;
    slot.job = undefined;
    job?.reject(new TabulaError('INTERNAL', `The worker running this job stopped unexpectedly (exit code ${code}).`));
    const index = this.slots.indexOf(slot);
    if (index >= 0) this.slots[index] = this.spawn();
    this.dispatch();
  }
}

function reviveError(error: Extract<WorkerReply<unknown>, { ok: false }>['error']): TabulaError {
  const revived = new TabulaError(error.code, error.message, { hint: error.hint, details: error.details });
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
