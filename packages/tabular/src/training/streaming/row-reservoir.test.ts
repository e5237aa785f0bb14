import { describe, expect, it } from '@jest/globals';
import { createUniformRng } from '../training-rng.js';
import { RowReservoir } from './row-reservoir.js';

describe('RowReservoir', () => {
  it('should keep every row, in order, while fewer than its capacity are offered', () => {
    const reservoir = new RowReservoir(10, 1, createUniformRng(0));
    for (let row = 0; row < 7; row++) reservoir.values[reservoir.offer()] = row * 2;
    expect(reservoir.size).toBe(7);
    expect(Array.from(reservoir.slotsInOrder(), (slot) => reservoir.positions[slot])).toEqual([0, 1, 2, 3, 4, 5, 6]);
    expect(Array.from(reservoir.values.subarray(0, 7))).toEqual([0, 2, 4, 6, 8, 10, 12]);
  });

  it('should keep each of many rows with the same chance (capacity / offered)', () => {
    // 2,000 draws of 10 out of 100 rows: each row is kept about 200 times (binomial sd ≈ 13.4).
    const kept = new Array<number>(100).fill(0);
    const rng = createUniformRng(7);
    for (let draw = 0; draw < 2_000; draw++) {
      const reservoir = new RowReservoir(10, 1, rng);
      for (let row = 0; row < 100; row++) reservoir.offer();
      for (const slot of reservoir.slotsInOrder()) kept[reservoir.positions[slot]]++;
    }
    expect(kept.reduce((sum, n) => sum + n, 0)).toBe(20_000);
    expect(Math.min(...kept)).toBeGreaterThan(200 - 5 * 13.4);
    expect(Math.max(...kept)).toBeLessThan(200 + 5 * 13.4);
  });

  it('should refuse a capacity that is not a positive integer', () => {
    expect(() => new RowReservoir(0, 1, createUniformRng(0))).toThrow(RangeError);
  });
});
