import { describe, expect, it } from '@jest/globals';
import { createRng } from '../random/seeded-rng.js';
import { FeatureSampler } from './feature-sampler.js';

describe('FeatureSampler', () => {
  it('should draw every feature once per node, then -1, and start over after reset()', () => {
    const sampler = new FeatureSampler(7, createRng(1));
    for (let node = 0; node < 3; node++) {
      sampler.reset();
      const drawn = Array.from({ length: 7 }, () => sampler.next());
      expect([...drawn].sort()).toEqual([0, 1, 2, 3, 4, 5, 6]);
      expect(sampler.next()).toBe(-1);
    }
  });

  it('should make each feature equally likely to come first', () => {
    const sampler = new FeatureSampler(5, createRng(2));
    const firsts = new Array<number>(5).fill(0);
    for (let node = 0; node < 20_000; node++) {
      sampler.reset();
      firsts[sampler.next()]++;
    }
    for (const count of firsts) expect(Math.abs(count - 4_000)).toBeLessThan(250);
  });
});
