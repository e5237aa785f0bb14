import { describe, expect, it } from '@jest/globals';
import { backoffDelayMs, isReplayable, isRetryableError, isUpstreamFailure, RetryBudget } from './retry-policy.js';

const options = { maxRetries: 3, baseDelayMs: 100, maxDelayMs: 1_000 };

describe('backoffDelayMs', () => {
  it('should draw from [0, base·2^attempt), capped at the maximum', () => {
    expect(backoffDelayMs(0, options, () => 0.999)).toBe(99);
    expect(backoffDelayMs(2, options, () => 0.5)).toBe(200);
    expect(backoffDelayMs(10, options, () => 0.5)).toBe(500);
    expect(backoffDelayMs(3, options, () => 0)).toBe(0);
  });
});

describe('isReplayable', () => {
  it.each([
    ['GET', false, true],
    ['HEAD', false, true],
    ['GET', true, false],
    ['POST', false, false],
    ['POST', true, false],
    ['DELETE', false, false],
    ['PUT', true, false],
  ])('%s with body %s → %s', (method, hasBody, expected) => {
    expect(isReplayable(method, hasBody)).toBe(expected);
  });
});

describe('isRetryableError', () => {
  it('should retry refused and reset connections, not timeouts or unknown errors', () => {
    expect(isRetryableError(Object.assign(new Error('x'), { code: 'ECONNREFUSED' }))).toBe(true);
    expect(isRetryableError(Object.assign(new Error('x'), { code: 'ECONNRESET' }))).toBe(true);
    expect(isRetryableError(Object.assign(new Error('x'), { code: 'ETIMEDOUT' }))).toBe(false);
    expect(isRetryableError(new Error('x'))).toBe(false);
    expect(isRetryableError(undefined)).toBe(false);
  });
});

describe('isUpstreamFailure', () => {
  it('should count a timeout against the circuit as well as refused and reset connections', () => {
    for (const code of ['ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT']) {
      expect(isUpstreamFailure(Object.assign(new Error('x'), { code }))).toBe(true);
    }
    expect(isUpstreamFailure(Object.assign(new Error('aborted'), { code: 'ERR_STREAM_PREMATURE_CLOSE' }))).toBe(false);
    expect(isUpstreamFailure(new Error('x'))).toBe(false);
  });
});

describe('RetryBudget', () => {
  it('should spend what it has saved, then allow one retry per 1/ratio calls', () => {
    const budget = new RetryBudget(0.5, 2);
    expect(budget.trySpend()).toBe(true);
    expect(budget.trySpend()).toBe(true);
    expect(budget.trySpend()).toBe(false);
    budget.onCall();
    expect(budget.trySpend()).toBe(false);
    budget.onCall();
    expect(budget.trySpend()).toBe(true);
  });

  it('should save no more than its cap', () => {
    const budget = new RetryBudget(1, 2);
    for (let i = 0; i < 10; i++) budget.onCall();
    expect([budget.trySpend(), budget.trySpend(), budget.trySpend()]).toEqual([true, true, false]);
  });
});
