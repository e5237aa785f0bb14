import { TabulaError } from './tabula-error.js';

// The errors of work queued or running off the event loop: training jobs (their queue, their lookup, their ends
// other than success) and the worker threads that run them.

/** Why a job was cancelled, in the words of its error message. */
export const CANCEL_REASONS = {
  request: 'by DELETE /jobs/{id}',
  disconnect: 'because the client of this synchronous /train disconnected before the answer',
} as const;
export type CancelReason = keyof typeof CANCEL_REASONS;

export const jobNotFound = (id: string) =>
  new TabulaError('JOB_NOT_FOUND', `No training job "${id.slice(0, 100)}" is known to the trainer.`, {
    hint: 'Use the job_id POST /train?async=true answered. Finished jobs are kept for a day (with a single trainer, the newest 1000, in memory until it restarts; in cluster mode, in the database); GET /jobs lists the ones known.',
  });

/** 429 for a training sent while TRAINER_WORKERS run and TRAINER_QUEUE_MAX wait; Retry-After estimates when one ends. */
export const trainingQueueFull = (running: number, queued: number, queueMax: number, retryAfterS: number) =>
  new TabulaError(
    'TOO_MANY_REQUESTS',
    `The training queue is full: ${running} ${running === 1 ? 'training is' : 'trainings are'} running and ${queued} waiting (at most ${queueMax} may wait).`,
    {
      hint: `Try again in about ${retryAfterS} s (the Retry-After header); GET /jobs shows what is queued. The operator can raise TRAINER_QUEUE_MAX or TRAINER_WORKERS.`,
      retryAfterS,
    },
  );

/** The error a cancelled job records (and a synchronous /train still waiting answers with, 409). */
export const jobCancelled = (id: string, reason: CancelReason) =>
  new TabulaError('JOB_CANCELLED', `The training job ${id} was cancelled ${CANCEL_REASONS[reason].replace('{id}', id)}; nothing was stored.`, {
    hint: 'Send the training again if it is still wanted; POST /train?async=true lets it run without a client waiting.',
  });

/** What a training cancelled at the last moment, just before it stored its version, stops with. */
export const trainingStoppedBeforeSave = () => new TabulaError('JOB_CANCELLED', 'The training was stopped before it saved its version.');

/** 409 for DELETE /jobs/{id} on a job that can no longer be cancelled. */
export const jobNotCancellable = (id: string, why: string) =>
  new TabulaError('CONFLICT', `The training job ${id} cannot be cancelled: ${why}.`, {
    hint: 'Only a queued or running job can be cancelled. To remove a version it stored, DELETE /models/{name}/versions/{version}.',
  });

/** The error of a job stopped at TRAIN_MAX_SECONDS (413, as for the other limits on what one training may take). */
export const trainingTimeLimitExceeded = (maxSeconds: number) =>
  new TabulaError('TIME_LIMIT_EXCEEDED', `The training ran longer than the limit of ${maxSeconds} s (TRAIN_MAX_SECONDS) and was stopped; nothing was stored.`, {
    hint: 'Train on fewer rows, fewer trees (n_estimators) or without cv, or raise TRAIN_MAX_SECONDS on the trainer (0 means no limit).',
    details: [{ path: 'TRAIN_MAX_SECONDS', message: `ran more than ${maxSeconds} s` }],
  });

/** 500 for a job whose worker thread exited while running it (out of memory, say); the pool replaces the worker. */
export const workerStopped = (exitCode: number) =>
  new TabulaError('INTERNAL', `The worker running this job stopped unexpectedly (exit code ${exitCode}).`);

/**
 * 500, cluster mode: a job whose trainer stopped mid-job (killed, or cut off from the database past the lease) as
 * many times as TRAINER_JOB_ATTEMPTS allows. It is not retried again: the next trainer would likely stop as well.
 */
export const trainingAttemptsExhausted = (id: string, attempts: number, leaseS: number) =>
  new TabulaError(
    'INTERNAL',
    `The training job ${id} was started ${attempts} ${attempts === 1 ? 'time' : 'times'}, and each time its trainer stopped without a heartbeat for ${leaseS} s (TRAINER_JOB_LEASE_SECONDS); it is not tried again.`,
    {
      hint: 'Check the trainers’ logs and memory limits (a training too large for a trainer kills it every time). Send the training again once fixed; TRAINER_JOB_ATTEMPTS sets how many starts a job gets.',
    },
  );

/**
 * 503 to a synchronous /train whose trainer shut down while it waited, in cluster mode: the job is not lost (it is
 * queued for another trainer), so the client is sent to follow it rather than to train again.
 */
export const trainerShutDownJobContinues = (id: string) =>
  new TabulaError('MODEL_NOT_READY', `The trainer answering this request shut down while the training ran; the job ${id} goes on, on another trainer.`, {
    hint: `Follow it with GET /jobs/${id} (its result is the body this request would have answered) rather than sending the training again.`,
    details: [{ path: 'job_id', message: id }],
  });

/** 503 for a job still queued or running when its service shut down. */
export const serviceShutDown = () =>
  new TabulaError('MODEL_NOT_READY', 'The service shut down before this job could finish.', {
    hint: 'Send the request again once the service is back.',
  });
