import { EventEmitter } from 'node:events';
import type { Readable } from 'node:stream';
import { afterEach, beforeEach, describe, expect, it, jest } from '@jest/globals';
import { watchBody } from './body-watchdog.js';

const PACE = { idleTimeoutMs: 1_000, minBytesPerS: 100 };

describe('watchBody(body, pace, isPaused, onStall)', () => {
  let body: Readable;
  let stalls: number;
  const onStall = () => stalls++;

  beforeEach(() => {
    jest.useFakeTimers();
    body = new EventEmitter() as unknown as Readable;
    stalls = 0;
  });
  afterEach(() => {
    jest.useRealTimers();
  });

  /** `bytes` bytes every `everyMs` for `forMs`. */
  function send(bytes: number, everyMs: number, forMs: number) {
    for (let t = 0; t < forMs; t += everyMs) {
      jest.advanceTimersByTime(everyMs);
      body.emit('data', Buffer.alloc(bytes));
    }
  }

  it('should end a body that sends nothing for idleTimeoutMs', () => {
    watchBody(body, PACE, () => false, onStall);
    jest.advanceTimersByTime(999);
    expect(stalls).toBe(0);
    jest.advanceTimersByTime(2);
    expect(stalls).toBe(1);
  });

  it('should end a body that trickles below minBytesPerS although it is never idle for long', () => {
    watchBody(body, PACE, () => false, onStall);
    send(1, 500, 3_000);
    expect(stalls).toBe(1);
  });

  it('should let a body at minBytesPerS go on, and one that pauses shorter than idleTimeoutMs', () => {
    watchBody(body, PACE, () => false, onStall);
    send(100, 1_000 - 1, 20_000);
    send(10_000, 900, 9_000);
    expect(stalls).toBe(0);
  });

  it('should not count time while the gateway does not read the body (backpressure)', () => {
    let paused = true;
    const watch = watchBody(body, PACE, () => paused, onStall);
    jest.advanceTimersByTime(10_000);
    paused = false;
    watch.resumed();
    jest.advanceTimersByTime(999);
    expect(stalls).toBe(0);
    jest.advanceTimersByTime(1_000);
    expect(stalls).toBe(1);
  });

  it('should stop watching once the body has ended, or when told', () => {
    watchBody(body, PACE, () => false, onStall);
    body.emit('end');
    const other = new EventEmitter() as unknown as Readable;
    watchBody(other, PACE, () => false, onStall).stop();
    jest.advanceTimersByTime(5_000);
    expect(stalls).toBe(0);
  });
});
