import { describe, expect, it } from '@jest/globals';
import { estimateRetryAfterS } from './retry-after.js';

describe('estimateRetryAfterS(queue)', () => {
  it('should expect the soonest running job to end after the mean recent run time', () => {
    expect(estimateRetryAfterS({ runningForMs: [2_000, 6_000], recentRunTimesMs: [8_000, 12_000] })).toBe(4);
  });

  it('should expect a job past the mean, or with no history, to run as long again as it has', () => {
    expect(estimateRetryAfterS({ runningForMs: [30_000], recentRunTimesMs: [10_000] })).toBe(30);
    expect(estimateRetryAfterS({ runningForMs: [7_200], recentRunTimesMs: [] })).toBe(8);
  });

  it('should answer between 1 s and an hour', () => {
    expect(estimateRetryAfterS({ runningForMs: [10], recentRunTimesMs: [] })).toBe(1);
    expect(estimateRetryAfterS({ runningForMs: [], recentRunTimesMs: [5_000] })).toBe(1);
    expect(estimateRetryAfterS({ runningForMs: [10 * 3_600_000], recentRunTimesMs: [] })).toBe(3600);
  });
});
