import { describe, expect, it } from '@jest/globals';
import { createRateLimiter, createTokenBuckets } from './rate-limiter.js';

describe('createRateLimiter', () => {
  it('should allow perMinute requests, then refuse with the seconds until the next token', () => {
    let t = 0;
    const limit = createRateLimiter(3, () => t);
    expect([limit('a'), limit('a'), limit('a')]).toEqual(Array(3).fill({ allowed: true }));
    expect(limit('a')).toEqual({ allowed: false, retryAfterS: 20 });
    t = 19_000;
    expect(limit('a')).toEqual({ allowed: false, retryAfterS: 1 });
    t = 20_000;
    expect(limit('a')).toEqual({ allowed: true });
  });

  it('should count each caller on its own', () => {
    const limit = createRateLimiter(1, () => 0);
    expect(limit('a')).toEqual({ allowed: true });
    expect(limit('b')).toEqual({ allowed: true });
    expect(limit('a').allowed).toBe(false);
  });

  it('should refill to the burst size and no further', () => {
    let t = 0;
    const limit = createRateLimiter(2, () => t);
    limit('a');
    t = 10 * 60_000;
    expect([limit('a'), limit('a'), limit('a')].map((d) => d.allowed)).toEqual([true, true, false]);
  });
});

describe('createTokenBuckets', () => {
  it('should peek without taking, and refuse a peek once the bucket is empty', () => {
    let t = 0;
    const buckets = createTokenBuckets(2, () => t);
    expect([buckets.peek('a'), buckets.peek('a'), buckets.peek('a')]).toEqual(Array(3).fill({ allowed: true }));
    expect([buckets.take('a'), buckets.take('a')]).toEqual(Array(2).fill({ allowed: true }));
    expect(buckets.peek('a')).toEqual({ allowed: false, retryAfterS: 30 });
    expect(buckets.peek('b')).toEqual({ allowed: true });
    t = 30_000;
    expect(buckets.peek('a')).toEqual({ allowed: true });
  });
});
