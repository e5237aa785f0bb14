import { describe, expect, it } from '@jest/globals';
import { createRng } from '../random/seeded-rng.js';
import { MISSING_BIN } from './layout.js';
import { partitionRows } from './partition.js';

describe('partitionRows(rows, start, end, binned, colOffset, binIdx, isMissingLeft, scratch)', () => {
  const rng = createRng(4);
  const nRows = 1_000;
  const binned = Uint8Array.from({ length: 2 * nRows }, () => (rng.nextFloat() < 0.1 ? MISSING_BIN : rng.nextBelow(50)));

  it.each([
    [20, false, 0, nRows],
    [20, true, 100, 900],
    [0, false, 0, nRows],
    [49, true, 10, 20],
  ])('should match the naive filter for binIdx %i, missing left %s, rows [%i, %i)', (binIdx, isMissingLeft, start, end) => {
    const rows = Uint32Array.from({ length: nRows }, (_, i) => i);
    const before = Array.from(rows);
    const colOffset = nRows;
    const mid = partitionRows(rows, start, end, binned, colOffset, binIdx, isMissingLeft, new Uint32Array(nRows));
    // Naive twin: two filters over the original range, in order.
    const goesLeft = (row: number) => {
      const bin = binned[colOffset + row];
      return bin === MISSING_BIN ? isMissingLeft : bin <= binIdx;
    };
    const range = before.slice(start, end);
    const expected = [...range.filter(goesLeft), ...range.filter((row) => !goesLeft(row))];
    expect(Array.from(rows.subarray(start, end))).toEqual(expected);
    expect(mid - start).toBe(range.filter(goesLeft).length);
    // Outside the range nothing moves, and the whole array is still a permutation.
    expect(Array.from(rows.subarray(0, start))).toEqual(before.slice(0, start));
    expect(Array.from(rows.subarray(end))).toEqual(before.slice(end));
    expect(Array.from(rows).sort((a, b) => a - b)).toEqual(before);
  });
});
