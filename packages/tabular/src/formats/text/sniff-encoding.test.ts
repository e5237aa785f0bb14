import { describe, expect, it } from '@jest/globals';
import type { TabulaError } from '@tabula/contracts';
import { catchError } from '../../test-fixtures/catch-error.js';
import { sniffEncoding } from './sniff-encoding.js';

const UTF8_BOM = [0xef, 0xbb, 0xbf];

describe('sniffEncoding', () => {
  it.each([
    ['UTF-8 without a BOM (and ASCII)', Buffer.from('a,b\n1,2\n'), 'utf-8', 0],
    ['UTF-8 with a BOM', Buffer.from([...UTF8_BOM, 0x61]), 'utf-8', 3],
    ['UTF-16LE with a BOM', Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from('a;b\r\n', 'utf16le')]), 'utf-16le', 2],
    ['UTF-16BE with a BOM', Buffer.concat([Buffer.from([0xfe, 0xff]), Buffer.from('a;b\r\n', 'utf16le').swap16()]), 'utf-16be', 2],
    ['an empty file', Buffer.alloc(0), 'utf-8', 0],
  ])('should read %s', (_name, head, encoding, bomBytes) => {
    expect(sniffEncoding(head)).toEqual({ encoding, bomBytes, foreignBom: null });
  });

  it.each([
    ['utf-16le', Buffer.from('name,city\r\nAnna,Zürich\r\n', 'utf16le')],
    ['utf-16be', Buffer.from('name,city\r\nAnna,Zürich\r\n', 'utf16le').swap16()],
  ])('should refuse %s without a BOM, saying how to force it', (encoding, head) => {
    const error = catchError(() => sniffEncoding(head)) as TabulaError;
    expect(error).toMatchObject({ code: 'UNSUPPORTED_ENCODING', status: 415 });
    expect(error.message).toContain('without a byte order mark');
    expect(error.hint).toContain(`-F 'csv_options={"encoding":"${encoding}"}'`);
  });

  it('should refuse other NUL bytes as binary, as the CSV reader always has', () => {
    const png = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 0x0d, 0x49, 0x48, 0x44, 0x52]);
    expect(catchError(() => sniffEncoding(png))).toMatchObject({ code: 'INVALID_CSV', message: 'The file does not look like a CSV text file: it contains NUL bytes.' });
  });

  it('should let a forced encoding win, dropping only its own BOM and naming another one', () => {
    expect(sniffEncoding(Buffer.from('a\0b'), 'utf-16le')).toEqual({ encoding: 'utf-16le', bomBytes: 0, foreignBom: null });
    expect(sniffEncoding(Buffer.from([...UTF8_BOM, 0x61]), 'utf-8')).toEqual({ encoding: 'utf-8', bomBytes: 3, foreignBom: null });
    expect(sniffEncoding(Buffer.from([...UTF8_BOM, 0x61]), 'latin1')).toEqual({ encoding: 'latin1', bomBytes: 0, foreignBom: 'utf-8' });
  });
});
