import { describe, expect, it } from '@jest/globals';
import { DEFAULT_CSV_DIALECT } from '@tabula/contracts';
import { parseNumber } from './cell-value.js';
import { parseCsvBytes } from './parse-csv.js';
import { NOT_A_NUMBER, parseNumberBytes } from './parse-number-bytes.js';

/** Cells where a fast parser goes wrong: rounding past 15 digits, exponents at the edges of the fast path, signs, bare points. */
const TRICKY = [
  '0', '-0', '+0', '00', '007', '0.1', '0.2', '0.3', '1.000', '-1.920', '+3.25', '.5', '-.5', '+.5', '5.', '-5.', '5.e3',
  '123456789012345', '1234567890123456', '12345678901234567890', '0.1234567890123456789', '9007199254740993',
  '1.7976931348623157e308', '2.2250738585072014e-308', '4.9e-324', '1e-400', '1e22', '1e23', '1E-22', '1e-23',
  '123.456e-5', '-9.999999999999999e22', '0.000000000000000000000000001', '1e+5', '1E+05', '3.14159265358979323846',
  '1000000000000000000000', '0.30000000000000004', '2.5e-3', '-0.000', '000000000000000000000000000012.5',
];
/** Cells that are not numbers to parseNumber, so must not be to the byte reader either. */
const NOT_NUMBERS = ['', '.', '-', '+', 'e5', '1e', '1e+', '1.2.3', '0x1f', 'Infinity', 'NaN', '1e999', '-1e999', '1 2', '1,5', '--1', '.e1'];

const bytesOf = (text: string) => Buffer.from(text, 'latin1');

/** The rows whose value is not the identical double (or null) expected, with both: [] when all are. */
const mismatches = (values: unknown[], expected: unknown[]) =>
  expected.flatMap((want, row) => (Object.is(values[row], want) ? [] : [{ row, got: values[row], want }]));

describe('parseNumberBytes(bytes, start, end, decimal)', () => {
  it('should read the identical double that Number() reads from the text', () => {
    const values = TRICKY.map((text) => parseNumberBytes(bytesOf(text), 0, text.length));
    expect(mismatches(values, TRICKY.map(Number))).toEqual([]);
  });

  it('should refuse what parseNumber refuses', () => {
    for (const text of NOT_NUMBERS) {
      expect(parseNumber(text)).toBeNull();
      expect(parseNumberBytes(bytesOf(text), 0, text.length)).toBe(NOT_A_NUMBER);
    }
  });

  it('should read a decimal comma as a point when the comma is the separator', () => {
    const values = TRICKY.map((text) => text.replace('.', ',')).map((comma) => parseNumberBytes(bytesOf(comma), 0, comma.length, 0x2c));
    expect(mismatches(values, TRICKY.map(Number))).toEqual([]);
  });
});

describe('parseCsvBytes with numeric columns', () => {
  /** One column of the cells, parsed with the kind given, as numbers where Number() reads the trimmed text. */
  const readColumn = (cells: string[], kind: 'number' | 'infer', delimiter = ',', decimal: '.' | ',' = '.') => {
    const text = `x${delimiter}y\n${cells.map((cell) => `${cell}${delimiter}1`).join('\n')}\n`;
    return parseCsvBytes(Buffer.from(text), { dialect: { ...DEFAULT_CSV_DIALECT, delimiter, decimal }, columnKind: () => kind }).values[0];
  };

  it.each(['number', 'infer'] as const)("should read every cell of a '%s' column as Number() reads its text, spaces and NA values included", (kind) => {
    const cells = [...TRICKY, ' 1.5', '2.25 ', '\t-3\t', 'NA', '', 'null', ' N/A '];
    const expected = cells.map((cell) => (['', 'NA', 'null', 'N/A'].includes(cell.trim()) ? null : Number(cell.trim())));
    const column = readColumn(cells, kind);
    expect(column).toHaveLength(expected.length);
    expect(mismatches(column, expected)).toEqual([]);
  });

  it('should read decimal commas in a ";" file as Number() reads the text with a point', () => {
    const column = readColumn(TRICKY.map((text) => text.replace('.', ',')), 'infer', ';', ',');
    expect(mismatches(column, TRICKY.map(Number))).toEqual([]);
  });

  it("should keep an 'infer' column's text once one cell is not a number, as '007' stays '007'", () => {
    expect(readColumn(['007', '1.50', 'abc', ' 2 '], 'infer')).toEqual(['007', '1.50', 'abc', '2']);
  });

  it('should read more rows than the first guess of the row count holds, and only those', () => {
    const cells = Array.from({ length: 5000 }, (_, row) => (row % 7 === 0 ? '' : `${row}.${row % 10}e${row % 3}`));
    // Short rows first, long ones later: the estimate taken after the first rows is too small.
    cells.push(...Array.from({ length: 3000 }, (_, row) => `${row}.12345678901234567890`));
    const column = readColumn(cells, 'infer');
    expect(column).toHaveLength(cells.length);
    expect(mismatches(column, cells.map((cell) => (cell === '' ? null : Number(cell))))).toEqual([]);
  });
});
