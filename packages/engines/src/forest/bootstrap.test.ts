import { describe, expect, it } from '@jest/globals';
import { createRng } from '../random/seeded-rng.js';
import { drawBootstrapWeights } from './bootstrap.js';

describe('drawBootstrapWeights(nRows, rng)', () => {
  it('should give integer counts summing to nRows, covering about 1 − 1/e of the rows', () => {
    const nRows = 20_000;
    const counts = drawBootstrapWeights(nRows, createRng(1));
    let sum = 0;
    let nDrawn = 0;
    for (const c of counts) {
      expect(Number.isInteger(c)).toBe(true);
      sum += c;
      if (c > 0) nDrawn++;
    }
    expect(sum).toBe(nRows);
    expect(Math.abs(nDrawn / nRows - (1 - Math.exp(-1)))).toBeLessThan(0.01);
  });

  it('should be fixed by the generator seed', () => {
    expect(drawBootstrapWeights(100, createRng(5))).toEqual(drawBootstrapWeights(100, createRng(5)));
    expect(drawBootstrapWeights(100, createRng(5))).not.toEqual(drawBootstrapWeights(100, createRng(6)));
  });
});
