import { describe, expect, it } from '@jest/globals';
import { TabulaError } from '@tabula/contracts';
import { allocateTestRows, splitTrainTest } from './split-train-test.js';
import { catchError } from '../test-fixtures/catch-error.js';

const classesOf = (counts: number[]) => Float64Array.from(counts.flatMap((count, c) => new Array<number>(count).fill(c)));
const countIn = (rows: Uint32Array, classIdx: Float64Array, c: number) => Array.from(rows).filter((row) => classIdx[row] === c).length;

describe('splitTrainTest(options)', () => {
  it('should partition the rows, each side ascending, with ceil(testSize × n) test rows', () => {
    const { trainRows, testRows } = splitTrainTest({ nRows: 101, testSize: 0.2, seed: 3, classIdx: null });
    expect(testRows.length).toBe(21);
    expect(trainRows.length).toBe(80);
    const all = [...trainRows, ...testRows].sort((a, b) => a - b);
    expect(all).toEqual(Array.from({ length: 101 }, (_, i) => i));
    expect([...testRows]).toEqual([...testRows].sort((a, b) => a - b));
  });

  it('should give the same split for the same seed and another for another seed', () => {
    const classIdx = classesOf([30, 20]);
    const a = splitTrainTest({ nRows: 50, testSize: 0.3, seed: 11, classIdx });
    const b = splitTrainTest({ nRows: 50, testSize: 0.3, seed: 11, classIdx });
    const c = splitTrainTest({ nRows: 50, testSize: 0.3, seed: 12, classIdx });
    expect(b.testRows).toEqual(a.testRows);
    expect(c.testRows).not.toEqual(a.testRows);
  });

  it('should keep class proportions in a stratified split', () => {
    const classIdx = classesOf([60, 30, 10]);
    const split = splitTrainTest({ nRows: 100, testSize: 0.2, seed: 5, classIdx });
    expect(split.stratified).toBe(true);
    expect([0, 1, 2].map((c) => countIn(split.testRows, classIdx, c))).toEqual([12, 6, 2]);
  });

  it('should keep a training row of every class, even when the test share would take them all', () => {
    const classIdx = classesOf([10, 8, 2]);
    for (const seed of [1, 2, 3, 4, 5]) {
      const split = splitTrainTest({ nRows: 20, testSize: 0.5, seed, classIdx });
      expect(split.testRows.length).toBe(10);
      expect([0, 1, 2].map((c) => countIn(split.trainRows, classIdx, c) > 0)).toEqual([true, true, true]);
    }
  });

  it('should refuse, as a caller bug, a class with fewer than 2 rows', () => {
    expect(() => splitTrainTest({ nRows: 20, testSize: 0.5, seed: 1, classIdx: classesOf([10, 9, 1]) })).toThrow(RangeError);
  });

  it('should not stratify a regression target', () => {
    expect(splitTrainTest({ nRows: 10, testSize: 0.2, seed: 1, classIdx: null }).stratified).toBe(false);
  });

  it('should reject too few rows for a held-out split', () => {
    const error = catchError(() => splitTrainTest({ nRows: 4, testSize: 0.6, seed: 1, classIdx: classesOf([2, 2]) }));
    expect(error).toBeInstanceOf(TabulaError);
    expect(error).toMatchObject({ code: 'INVALID_INPUT' });
    expect((error as TabulaError).message).toContain('Too few rows for a held-out split: 4 rows with test_size=0.6 leave 1 for training');
    expect(() => splitTrainTest({ nRows: 1, testSize: 0.2, seed: 1, classIdx: null })).toThrow('Too few rows');
    expect(splitTrainTest({ nRows: 2, testSize: 0.2, seed: 1, classIdx: null }).testRows.length).toBe(1);
  });
});

describe('allocateTestRows(classCounts, nTest)', () => {
  it('should allocate in proportion, by largest remainder', () => {
    expect(allocateTestRows([50, 30, 20], 10)).toEqual([5, 3, 2]);
    expect(allocateTestRows([3, 3, 3], 4)).toEqual([2, 1, 1]);
    expect(allocateTestRows([7, 3], 3)).toEqual([2, 1]);
  });

  it('should leave every class at least one training row', () => {
    expect(allocateTestRows([2, 2, 10], 11)).toEqual([1, 1, 9]);
  });
});
