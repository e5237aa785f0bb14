import { describe, expect, it } from '@jest/globals';
import type { TabulaError } from '@tabula/contracts';
import { catchError } from '../../test-fixtures/catch-error.js';
import { detectDelimiter } from './detect-delimiter.js';
import { splitSampleRecords } from './split-sample-records.js';

const WHOLE = { quote: '"', isWhole: true } as const;
const delimiterOf = (sample: string, isWhole = true) => detectDelimiter(sample, { ...WHOLE, isWhole }).delimiter;

describe('splitSampleRecords', () => {
  it('should split outside quotes, read "" as a quote, and end lines at LF, CRLF or CR', () => {
    expect(splitSampleRecords('"a;b";"say ""hi"""\r\n1;2\r3;"x\ny"\n', ';', '"', true)).toEqual({
      records: [
        ['a;b', 'say "hi"'],
        ['1', '2'],
        ['3', 'x\ny'],
      ],
      hasStrayQuote: false,
    });
  });

  it('should skip blank lines and lines of spaces, but keep a line of empty cells', () => {
    expect(splitSampleRecords('a;b\n\n   \n;\n', ';', '"', true).records).toEqual([['a', 'b'], ['', '']]);
  });

  it('should drop the last record of a cut sample, ended or inside an open quote', () => {
    expect(splitSampleRecords('a;b\n1;2\n3;4', ';', '"', false).records).toEqual([['a', 'b'], ['1', '2']]);
    expect(splitSampleRecords('a;b\n1;"2\n3;4', ';', '"', false).records).toEqual([['a', 'b']]);
    expect(splitSampleRecords('a;b\n1;2\n3;4', ';', '"', true).records).toHaveLength(3);
  });

  it('should take quotes literally without a quote character', () => {
    expect(splitSampleRecords('"a;b";c\n', ';', null, true)).toEqual({ records: [['"a', 'b"', 'c']], hasStrayQuote: false });
  });

  it('should flag a quote the reader would refuse: inside an unquoted cell, or text after a closing quote', () => {
    expect(splitSampleRecords('5" pipe;c\n', ';', '"', true)).toEqual({ records: [['5" pipe', 'c']], hasStrayQuote: true });
    expect(splitSampleRecords('"a";"b, c"\n', ',', '"', true).hasStrayQuote).toBe(true);
    expect(splitSampleRecords('"a" ,"b, c"  \n', ',', '"', true).hasStrayQuote).toBe(false);
  });
});

describe('detectDelimiter', () => {
  it.each([
    ['comma', 'a,b,c\n1,2,3\n', ','],
    ['semicolon', 'a;b;c\n1,5;2;3\n', ';'],
    ['tab', 'a\tb\n1 000\t2,5\n', '\t'],
    ['pipe', 'a|b|c\n1|2|3\n', '|'],
    ['semicolon, with CRLF and a quoted header holding commas and semicolons', '"name, full";"a;b"\r\n"Smith, J";1\r\n', ';'],
    ['tab, with commas in some cells only', 'city\tn\nParis, FR\t1\nRome\t2\n', '\t'],
  ])('should find the %s', (_name, sample, expected) => {
    expect(delimiterOf(sample)).toBe(expected);
  });

  it('should not take comma for a semicolon file whose quoted header and decimal commas cut alike at commas', () => {
    expect(delimiterOf('"Name";"Preis, EUR"\n"Anna";1,5\n"Ben";2,25\n')).toBe(';');
  });

  it('should keep comma whenever it splits every line alike, as every file was read before', () => {
    expect(delimiterOf('a,b;c\n1,2;3\n')).toBe(',');
  });

  it('should read a one-column file with comma, and a header-only file by its header', () => {
    expect(delimiterOf('value\n1\n2\n')).toBe(',');
    expect(delimiterOf('a;b\n')).toBe(';');
    expect(delimiterOf('')).toBe(',');
  });

  it('should judge a cut sample on its whole lines only', () => {
    expect(delimiterOf('a;b\n1;2\n3;4;5;6', false)).toBe(';');
  });

  it('should keep the delimiter of a ragged file that splits the header, so the reader names the ragged line', () => {
    expect(delimiterOf('a;b;c\n1;2\n3;4;5\n')).toBe(';');
    expect(delimiterOf('a,b\n1,2,3\n')).toBe(',');
  });

  it('should refuse two delimiters other than comma that split every line alike, naming each with its cells', () => {
    const error = catchError(() => delimiterOf('a;b|c\n1;2|3\n4;5|6\n')) as TabulaError;
    expect(error).toMatchObject({ code: 'AMBIGUOUS_CSV_DIALECT', status: 422 });
    expect(error.message).toBe(
      'The delimiter is ambiguous: semicolon (";") splits the header into 2 cells and 3 of the 3 sampled lines alike; ' +
        'pipe ("|") splits the header into 2 cells and 3 of the 3 sampled lines alike.',
    );
    expect(error.hint).toBe(`Name the delimiter, e.g. --form-string 'csv_options={"delimiter":";"}'.`);
  });

  it('should choose among the candidates it is given (a forced decimal comma rules the comma out)', () => {
    expect(detectDelimiter('a;b\n1,5;2\n', { ...WHOLE, candidates: [';', '\t', '|'] }).delimiter).toBe(';');
  });
});
