/**
 * One Int32 shared by the main thread and the worker running a training, so that a stopped job
 * never leaves a version behind. Stopping a job terminates its worker thread, which is safe at any
 * moment but one: while the worker writes the version (a temp dir renamed into place), a stop
 * could land after the rename and leave a version whose job reports `cancelled`. So the worker
 * claims the gate before it writes, the main thread closes it before it stops the job, and each
 * sees whether the other came first (a compare-and-swap on shared memory: no message round trip).
 */
export type SaveGate = Int32Array;

const OPEN = 0;
const CLOSED = 1;
const SAVING = 2;

export const createSaveGate = (): SaveGate => new Int32Array(new SharedArrayBuffer(Int32Array.BYTES_PER_ELEMENT));

/** Main thread: closes the gate unless the worker has begun to save. True when the job may be stopped. */
export const closeSaveGate = (gate: SaveGate): boolean => Atomics.compareExchange(gate, 0, OPEN, CLOSED) !== SAVING;

/** Worker thread: claims the gate to write the version. False when the job has been stopped: write nothing. */
export const claimSaveGate = (gate: SaveGate): boolean => Atomics.compareExchange(gate, 0, OPEN, SAVING) === OPEN;

/** A job's save gate, with the signal that stops its worker. */
export interface JobStopper {
  saveGate: SaveGate;
  signal: AbortSignal;
  /** Closes the gate and aborts the signal with `reason`; false (nothing done) once the worker has begun to save. */
  stop: (reason: unknown) => boolean;
}

export function createJobStopper(): JobStopper {
  const saveGate = createSaveGate();
  const stopper = new AbortController();
  const stop = (reason: unknown): boolean => {
    if (!closeSaveGate(saveGate)) return false;
    stopper.abort(reason);
    return true;
  };
  return { saveGate, signal: stopper.signal, stop };
}
