import { describe, expect, it } from '@jest/globals';
import { createRng, deriveSeed } from './seeded-rng.js';

describe('createRng(seed)', () => {
  it('should replay the same stream for the same seed', () => {
    const a = createRng(42);
    const b = createRng(42);
    const streamA = Array.from({ length: 100 }, () => a.nextUint32());
    const streamB = Array.from({ length: 100 }, () => b.nextUint32());
    expect(streamA).toEqual(streamB);
    expect(new Set(streamA).size).toBe(100);
  });

  it('should give different streams for different seeds', () => {
    const a = createRng(1);
    const b = createRng(2);
    expect(a.nextUint32()).not.toBe(b.nextUint32());
  });

  it('should draw nextBelow(n) uniformly over [0, n)', () => {
    const rng = createRng(7);
    const counts = new Array<number>(10).fill(0);
    for (let i = 0; i < 100_000; i++) counts[rng.nextBelow(10)]++;
    for (const count of counts) expect(Math.abs(count - 10_000)).toBeLessThan(500);
  });

  it('should keep nextFloat() in [0, 1) with mean near 1/2', () => {
    const rng = createRng(3);
    let sum = 0;
    for (let i = 0; i < 50_000; i++) {
      const u = rng.nextFloat();
      expect(u >= 0 && u < 1).toBe(true);
      sum += u;
    }
    expect(Math.abs(sum / 50_000 - 0.5)).toBeLessThan(0.01);
  });
});

describe('deriveSeed(seed, stream)', () => {
  it('should be a pure function of its arguments with distinct children per stream', () => {
    const children = Array.from({ length: 1000 }, (_, i) => deriveSeed(123, i));
    expect(children).toEqual(Array.from({ length: 1000 }, (_, i) => deriveSeed(123, i)));
    expect(new Set(children).size).toBe(1000);
    expect(deriveSeed(124, 0)).not.toBe(deriveSeed(123, 0));
  });
});
