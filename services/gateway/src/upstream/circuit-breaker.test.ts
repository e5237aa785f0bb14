import { describe, expect, it } from '@jest/globals';
import { CircuitBreaker } from './circuit-breaker.js';

function breakerAt(clock: { t: number }) {
  return new CircuitBreaker({ failureThreshold: 3, openMs: 1_000, now: () => clock.t });
}

describe('CircuitBreaker', () => {
  it('should stay closed until the threshold of consecutive failures', () => {
    const breaker = breakerAt({ t: 0 });
    breaker.onFailure();
    breaker.onFailure();
    expect(breaker.current).toBe('closed');
    expect(breaker.admit()).toEqual({ admitted: true });
  });

  it('should count only consecutive failures: a success resets the count', () => {
    const breaker = breakerAt({ t: 0 });
    breaker.onFailure();
    breaker.onFailure();
    breaker.onSuccess();
    breaker.onFailure();
    breaker.onFailure();
    expect(breaker.current).toBe('closed');
  });

  it('should refuse at once while open, saying how long until the next probe', () => {
    const clock = { t: 0 };
    const breaker = breakerAt(clock);
    for (let i = 0; i < 3; i++) breaker.onFailure();
    clock.t = 400;
    expect(breaker.current).toBe('open');
    expect(breaker.admit()).toEqual({ admitted: false, retryAfterMs: 600 });
  });

  it('should admit exactly one probe once the open period is over, and close when it succeeds', () => {
    const clock = { t: 0 };
    const breaker = breakerAt(clock);
    for (let i = 0; i < 3; i++) breaker.onFailure();
    clock.t = 1_000;
    expect(breaker.admit()).toEqual({ admitted: true });
    expect(breaker.current).toBe('half-open');
    expect(breaker.admit().admitted).toBe(false);
    breaker.onSuccess();
    expect(breaker.current).toBe('closed');
    expect(breaker.admit()).toEqual({ admitted: true });
  });

  it('should reopen for a full period when the probe fails', () => {
    const clock = { t: 0 };
    const breaker = breakerAt(clock);
    for (let i = 0; i < 3; i++) breaker.onFailure();
    clock.t = 1_500;
    expect(breaker.admit().admitted).toBe(true);
    breaker.onFailure();
    expect(breaker.current).toBe('open');
    expect(breaker.admit()).toEqual({ admitted: false, retryAfterMs: 1_000 });
  });

  it('should free the probe slot when the probe is abandoned, so the next call probes', () => {
    const clock = { t: 0 };
    const breaker = breakerAt(clock);
    for (let i = 0; i < 3; i++) breaker.onFailure();
    clock.t = 1_000;
    expect(breaker.admit().admitted).toBe(true);
    breaker.onAbandoned();
    expect(breaker.admit().admitted).toBe(true);
  });

  it('should tell each change of state, once', () => {
    const clock = { t: 0 };
    const changes: string[] = [];
    const breaker = new CircuitBreaker({ failureThreshold: 2, openMs: 1_000, now: () => clock.t, onChange: (to, from) => changes.push(`${from}>${to}`) });
    breaker.onFailure();
    breaker.onFailure();
    breaker.onFailure();
    clock.t = 1_000;
    breaker.admit();
    breaker.onSuccess();
    breaker.onSuccess();

    expect(changes).toEqual(['closed>open', 'open>half-open', 'half-open>closed']);
  });
});
