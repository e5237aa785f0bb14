import { describe, expect, it } from '@jest/globals';
import { createRng } from '../random/seeded-rng.js';
import { holdOutRows } from './hold-out.js';

describe('holdOutRows(y, isClassification, fraction, rng)', () => {
  const y = Float64Array.from({ length: 1_000 }, (_, i) => (i % 10 === 0 ? 1 : 0));

  it('should split the rows in two ascending, disjoint lists holding every row once', () => {
    const { trainRows, heldOutRows } = holdOutRows(y, true, 0.1, createRng(1));
    const all = [...trainRows, ...heldOutRows].sort((a, b) => a - b);
    expect(all).toEqual(Array.from({ length: 1_000 }, (_, i) => i));
    expect(Array.from(trainRows)).toEqual(Array.from(trainRows).sort((a, b) => a - b));
    expect(heldOutRows.length).toBe(100);
  });

  it('should keep the class shares in the held-out rows of a classifier, and repeat for a seed', () => {
    const { heldOutRows } = holdOutRows(y, true, 0.2, createRng(2));
    expect(Array.from(heldOutRows).filter((row) => y[row] === 1).length).toBe(20);
    expect(holdOutRows(y, true, 0.2, createRng(2)).heldOutRows).toEqual(heldOutRows);
    expect(holdOutRows(y, false, 0.2, createRng(3)).heldOutRows).not.toEqual(heldOutRows);
  });
});
