import { describe, expect, it } from '@jest/globals';
import { describeValue, normalizeCell, parseNumber } from './cell-value.js';

describe('normalizeCell(text)', () => {
  it('should trim the cell', () => {
    expect(normalizeCell('  Setosa \t')).toBe('Setosa');
  });

  it('should read empty cells and the NA tokens as missing', () => {
    for (const token of ['', '   ', 'NA', 'N/A', 'NaN', 'null', 'None', ' NA ']) expect(normalizeCell(token)).toBeNull();
  });

  it('should keep look-alikes that are not NA tokens', () => {
    expect(normalizeCell('na')).toBe('na');
    expect(normalizeCell('0')).toBe('0');
  });
});

describe('parseNumber(value)', () => {
  it('should accept numbers and decimal strings', () => {
    expect(parseNumber(3)).toBe(3);
    expect(parseNumber('3')).toBe(3);
    expect(parseNumber('3.0')).toBe(3);
    expect(parseNumber('-1.5e-3')).toBe(-0.0015);
    expect(parseNumber('.5')).toBe(0.5);
    expect(parseNumber('+7.')).toBe(7);
  });

  it('should reject text that Number() would accept', () => {
    for (const text of ['0x1f', 'Infinity', '1e999', '1,5', 'abc', '3 4']) expect(parseNumber(text)).toBeNull();
  });

  it('should reject booleans, null and non-finite numbers', () => {
    expect(parseNumber(true)).toBeNull();
    expect(parseNumber(null)).toBeNull();
    expect(parseNumber(Number.NaN)).toBeNull();
  });
});

describe('describeValue(value)', () => {
  it('should quote strings and cut long ones', () => {
    expect(describeValue('abc')).toBe('"abc"');
    expect(describeValue('x'.repeat(50))).toBe(`"${'x'.repeat(40)}…"`);
    expect(describeValue(4)).toBe('4');
  });
});
