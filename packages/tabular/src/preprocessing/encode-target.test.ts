import { describe, expect, it } from '@jest/globals';
import { TabulaError } from '@tabula/contracts';
import { encodeTarget } from './encode-target.js';
import { catchError } from '../test-fixtures/catch-error.js';

const messageOf = (run: () => unknown) => {
  const error = catchError(run);
  expect(error).toBeInstanceOf(TabulaError);
  expect(error).toMatchObject({ code: 'INVALID_INPUT', status: 400 });
  return (error as TabulaError).message;
};

describe('encodeTarget(values, task, targetColumn)', () => {
  it('should sort text labels and drop rows without a target', () => {
    const encoded = encodeTarget(['b', null, 'a', 'c', 'a', 'c', 'b'], 'classification', 'y');
    expect(encoded.classLabels).toEqual(['a', 'b', 'c']);
    expect(Array.from(encoded.rows)).toEqual([0, 2, 3, 4, 5, 6]);
    expect(Array.from(encoded.y)).toEqual([1, 0, 2, 0, 2, 1]);
  });

  it('should keep numeric labels as numbers, sorted numerically', () => {
    const encoded = encodeTarget(['10', '2', '2.0', 1, '10', '1.0'], 'classification', 'y');
    expect(encoded.classLabels).toEqual([1, 2, 10]);
    expect(Array.from(encoded.y)).toEqual([2, 1, 1, 0, 2, 0]);
  });

  it('should parse a regression target', () => {
    const encoded = encodeTarget(['1.5', null, 3], 'regression', 'price');
    expect(encoded.classLabels).toBeNull();
    expect(Array.from(encoded.y)).toEqual([1.5, 3]);
    expect(Array.from(encoded.rows)).toEqual([0, 2]);
  });

  it('should reject a target with no values', () => {
    expect(messageOf(() => encodeTarget([null, null], 'classification', 'y'))).toContain('"y" has no values');
  });

  it('should reject a single class', () => {
    expect(messageOf(() => encodeTarget(['yes', 'yes', null], 'classification', 'y'))).toBe('The target column "y" has one class: "yes".');
  });

  it('should reject a class with a single row, naming it', () => {
    const message = messageOf(() => encodeTarget(['a', 'a', 'b', 'c', 'b'], 'classification', 'y'));
    expect(message).toContain('"y" has a class with fewer than 2 rows: "c" (1 row)');
    expect(messageOf(() => encodeTarget(['a', 'a', 'b', 'c'], 'classification', 'y'))).toContain('2 classes with fewer than 2 rows: "b" (1 row), "c" (1 row)');
  });

  it('should name a non-numeric value of a regression target and its row', () => {
    expect(messageOf(() => encodeTarget(['1', '2', 'high'], 'regression', 'price'))).toContain('row 3 holds "high"');
  });

  it('should reject continuous numbers as classes', () => {
    expect(messageOf(() => encodeTarget(['0.5', '1.25', '2'], 'classification', 'y'))).toContain('continuous numbers');
  });

  it('should refuse more classes than maxClasses (MAX_CLASSES) with 413, naming the column, the count and the cap', () => {
    const labels = Array.from({ length: 10_000 }, (_, i) => `c${i % 5_000}`);
    expect(encodeTarget(labels, 'classification', 'label', 5_000).classLabels).toHaveLength(5_000);
    expect(() => encodeTarget(labels, 'classification', 'label', 4_999)).toThrow(
      expect.objectContaining({
        code: 'PAYLOAD_TOO_LARGE',
        status: 413,
        message: 'The target column "label" has 5000 classes; the limit is 4999 (MAX_CLASSES).',
        hint: expect.stringContaining('MAX_CLASSES'),
      }),
    );
    expect(encodeTarget(labels.map((_, i) => i), 'regression', 'label', 2).classLabels).toBeNull();
  });
});
