import { describe, expect, it } from '@jest/globals';
import { shouldStopEarly } from './early-stopping.js';

describe('shouldStopEarly(losses, nIterNoChange, tol)', () => {
  it('should wait for nIterNoChange iterations after the first loss', () => {
    expect(shouldStopEarly([1, 1, 1], 3, 0)).toBe(false);
    expect(shouldStopEarly([1, 1, 1, 1], 3, 0)).toBe(true);
  });

  it('should go on while one of the last nIterNoChange losses beats the one before them by more than tol', () => {
    expect(shouldStopEarly([1, 0.9, 1.1, 1.2], 3, 0)).toBe(false);
    expect(shouldStopEarly([1, 0.95, 1.1, 1.2], 3, 0.1)).toBe(true);
    expect(shouldStopEarly([5, 1, 1.1, 1.2, 1.05], 3, 0)).toBe(true);
  });
});
