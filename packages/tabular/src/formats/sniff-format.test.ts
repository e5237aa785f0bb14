import { gzipSync } from 'node:zlib';
import { describe, expect, it } from '@jest/globals';
import { catchError } from '../test-fixtures/catch-error.js';
import { sniffCompression, sniffTableFormat } from './sniff-format.js';

const bytes = (text: string) => new Uint8Array(Buffer.from(text, 'utf8'));

describe('sniffCompression(head)', () => {
  it('should know gzip and zstd by their magic numbers, and plain bytes as none', () => {
    expect(sniffCompression(gzipSync('a,b\n1,2\n'))).toBe('gzip');
    expect(sniffCompression(Uint8Array.of(0x28, 0xb5, 0x2f, 0xfd, 0x24, 0x00))).toBe('zstd');
    expect(sniffCompression(bytes('a,b\n1,2\n'))).toBe('none');
  });

  it('should refuse bzip2 and xz with a 415 that says how to send the file instead', () => {
    for (const head of [bytes('BZh91AY&SY'), Uint8Array.of(0xfd, 0x37, 0x7a, 0x58, 0x5a, 0x00, 0x00)]) {
      const error = catchError(() => sniffCompression(head));
      expect(error).toMatchObject({ code: 'UNSUPPORTED_MEDIA_TYPE', status: 415, hint: expect.stringContaining('gzip') });
    }
  });

  it('should read a CSV that merely starts with "BZh" as plain text', () => {
    expect(sniffCompression(bytes('BZh,x\n1,2\n'))).toBe('none');
  });
});

describe('sniffTableFormat(head, forced)', () => {
  it('should tell Parquet, a JSON array, NDJSON and CSV apart by their first bytes, past a BOM and blank space', () => {
    expect(sniffTableFormat(bytes('PAR1\x15\x04'))).toBe('parquet');
    expect(sniffTableFormat(bytes('\ufeff  \n[{"a": 1}]'))).toBe('json');
    expect(sniffTableFormat(bytes('{"a": 1}\n{"a": 2}\n'))).toBe('ndjson');
    expect(sniffTableFormat(bytes('a;b\n1,5;2\n'))).toBe('csv');
    expect(sniffTableFormat(Uint8Array.of(0xff, 0xfe, 0x61, 0x00, 0x2c, 0x00))).toBe('csv');
  });

  it('should keep a CSV whose header cells are in brackets or braces a CSV, and read JSON only where the bracket goes on as JSON does', () => {
    expect(sniffTableFormat(bytes('[id],[name]\n1,a\n'))).toBe('csv');
    expect(sniffTableFormat(bytes('{a};{b}\n1;2\n'))).toBe('csv');
    expect(sniffTableFormat(bytes('[true],[x]\n1,2\n'))).toBe('csv');
    expect(sniffTableFormat(bytes('[\n  {"a": 1}\n]'))).toBe('json');
    expect(sniffTableFormat(bytes('[]'))).toBe('json');
    expect(sniffTableFormat(bytes('[1, 2]'))).toBe('json');
    expect(sniffTableFormat(bytes('{ "a": 1 }\n'))).toBe('ndjson');
    expect(sniffTableFormat(bytes('{}\n'))).toBe('ndjson');
    // A head that ends right after the bracket (blank space to SNIFF_BYTES) is taken as JSON, as before.
    expect(sniffTableFormat(bytes('[   '))).toBe('json');
  });

  it('should refuse a zip archive (an xlsx) and an old xls with a 415 that says to export as CSV', () => {
    for (const head of [bytes('PK\x03\x04\x14\x00\x06\x00'), Uint8Array.of(0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1)]) {
      expect(catchError(() => sniffTableFormat(head))).toMatchObject({ status: 415, hint: expect.stringContaining('Export the sheet as CSV') });
    }
  });

  it('should refuse an unknown binary, naming its first bytes and input_format=csv', () => {
    const error = catchError(() => sniffTableFormat(Uint8Array.of(0x7f, 0x45, 0x4c, 0x46, 0x02, 0x01, 0x01, 0x00)));
    expect(error).toMatchObject({ status: 415, message: expect.stringContaining('7f 45 4c 46'), hint: expect.stringContaining('input_format=csv') });
  });

  it('should keep a UTF-8 CSV with a stray control character in a cell a CSV, as it always was read', () => {
    expect(sniffTableFormat(bytes('a,b\nx\u0001y,2\n'))).toBe('csv');
    expect(catchError(() => sniffTableFormat(Uint8Array.of(0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a)))).toMatchObject({ status: 415 });
  });

  it('should refuse a file compressed twice', () => {
    expect(catchError(() => sniffTableFormat(gzipSync('x')))).toMatchObject({ status: 415, message: expect.stringContaining('compressed twice') });
  });

  it('should let input_format force the reading of text, but never read a spreadsheet as text', () => {
    expect(sniffTableFormat(bytes('[1,2]\n'), 'csv')).toBe('csv');
    expect(sniffTableFormat(bytes('a,b\n'), 'ndjson')).toBe('ndjson');
    expect(sniffTableFormat(bytes('whatever'), 'parquet')).toBe('parquet');
    expect(catchError(() => sniffTableFormat(bytes('PK\x03\x04\x14\x00'), 'csv'))).toMatchObject({ status: 415 });
  });
});
