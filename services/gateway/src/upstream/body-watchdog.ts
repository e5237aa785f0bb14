import type { Readable } from 'node:stream';

export interface BodyPace {
  /** No byte of the body for this long (while the gateway is waiting for one) ends it. */
  idleTimeoutMs: number;
  /** Below this average rate the body ends too; 0 checks idleness only. */
  minBytesPerS: number;
}

export interface BodyWatch {
  /** Call when the gateway starts reading again after it paused the body (backpressure), so the pause is not counted. */
  resumed(): void;
  stop(): void;
}

/**
 * Watches a request body as Apache's mod_reqtimeout does (body=idle,MinRate=rate): the deadline
 * starts `idleTimeoutMs` away, each chunk moves it later by the time the chunk is worth at
 * `minBytesPerS` (never more than `idleTimeoutMs` ahead), and `onStall` runs when it passes. So a
 * body may pause for up to idleTimeoutMs, but one byte every few seconds still ends, where a plain
 * idle timer would wait forever. While `isPaused()` (the gateway stopped reading because the
 * service is not taking the body, e.g. a streamed answer the client reads slowly), time does not
 * count: the deadline is pushed back. One timer per body, re-armed only when it fires.
 */
export function watchBody(body: Readable, pace: BodyPace, isPaused: () => boolean, onStall: () => void, now: () => number = Date.now): BodyWatch {
  let deadline = now() + pace.idleTimeoutMs;
  let timer: NodeJS.Timeout | undefined;
  const onData = (chunk: Buffer) => {
    const at = now();
    const credit = pace.minBytesPerS > 0 ? (chunk.length * 1000) / pace.minBytesPerS : Number.POSITIVE_INFINITY;
    deadline = Math.min(Math.max(deadline, at) + credit, at + pace.idleTimeoutMs);
  };
  const arm = (delayMs: number) => {
    timer = setTimeout(check, Math.max(1, delayMs));
    timer.unref();
  };
  const check = () => {
    const at = now();
    if (isPaused()) deadline = at + pace.idleTimeoutMs;
    if (at < deadline) return arm(deadline - at);
    stop();
    onStall();
  };
  const stop = () => {
    clearTimeout(timer);
    body.off('data', onData).off('end', stop).off('close', stop);
  };
  body.on('data', onData).once('end', stop).once('close', stop);
  arm(pace.idleTimeoutMs);
  return {
    resumed: () => {
      deadline = Math.max(deadline, now() + pace.idleTimeoutMs);
    },
    stop,
  };
}
