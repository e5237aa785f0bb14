import { createHash } from 'node:crypto';
import { Readable } from 'node:stream';
import { describe, expect, it } from '@jest/globals';
import { TabulaError } from '@tabula/contracts';
import { parse as parseSync } from 'csv-parse/sync';
import { normalizeCell } from './cell-value.js';
import { parseCsv, parseCsvBytes, parseCsvFile, type CsvOptions } from './parse-csv.js';
import { catchError, rejectionOf } from '../test-fixtures/catch-error.js';
import { fixturePath } from '../test-fixtures/fixture-path.js';

async function csvError(input: string | Buffer | NodeJS.ReadableStream, limits: CsvOptions = {}): Promise<TabulaError> {
  const error = await rejectionOf(parseCsv(input, limits));
  expect(error).toBeInstanceOf(TabulaError);
  return error as TabulaError;
}

function syncError(text: string | Buffer, options: CsvOptions = {}): TabulaError {
  const error = catchError(() => parseCsvBytes(typeof text === 'string' ? Buffer.from(text) : text, options));
  expect(error).toBeInstanceOf(TabulaError);
  return error as TabulaError;
}

describe('parseCsv(input)', () => {
  it('should parse the header and rows into trimmed columns of strings and nulls', async () => {
    const text = ' a , b ,c\n1, x ,NA\n2.5,,N/A\n';
    const parsed = await parseCsv(text);
    expect(parsed.columns).toEqual(['a', 'b', 'c']);
    expect(parsed.nRows).toBe(2);
    expect(parsed.values).toEqual([
      ['1', '2.5'],
      ['x', null],
      [null, null],
    ]);
    expect(parsed.bytes).toBe(Buffer.byteLength(text));
    expect(parsed.sha256).toBe(createHash('sha256').update(text).digest('hex'));
  });

  it('should strip a UTF-8 BOM but hash the bytes as sent', async () => {
    const bytes = Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from('name,value\nx,1\n')]);
    const parsed = await parseCsv(bytes);
    expect(parsed.columns).toEqual(['name', 'value']);
    expect(parsed.bytes).toBe(bytes.length);
    expect(parsed.sha256).toBe(createHash('sha256').update(bytes).digest('hex'));
  });

  it('should read quoted fields holding commas, quotes and line breaks', async () => {
    const parsed = await parseCsv('name,note\r\n"Smith, J","said ""hi""\r\nthen left"\r\n');
    expect(parsed.values).toEqual([['Smith, J'], ['said "hi"\r\nthen left']]);
  });

  it('should skip blank and whitespace-only lines', async () => {
    const parsed = await parseCsv('a,b\n1,2\n\n   \n3,4\n\n');
    expect(parsed.values).toEqual([
      ['1', '3'],
      ['2', '4'],
    ]);
  });

  it('should read a stream whose chunks split a UTF-8 character', async () => {
    const bytes = Buffer.from('city,n\nZürich,1\n');
    const split = bytes.indexOf(0xc3) + 1;
    const parsed = await parseCsv(Readable.from([bytes.subarray(0, split), bytes.subarray(split)]));
    expect(parsed.values[0]).toEqual(['Zürich']);
  });

  it('should reject an empty file', async () => {
    for (const input of ['', '\n\n', Buffer.from([0xef, 0xbb, 0xbf])]) {
      const error = await csvError(input);
      expect(error).toMatchObject({ code: 'INVALID_CSV', status: 400 });
      expect(error.message).toMatch(/^The file is empty/);
    }
  });

  it('should reject a header without data rows', async () => {
    expect((await csvError('a,b\n')).message).toContain('has a header but no data rows');
  });

  it('should reject binary content', async () => {
    const withNul = await csvError(Buffer.from([0x61, 0x2c, 0x62, 0x0a, 0x00, 0x01, 0x0a]));
    expect(withNul.message).toContain('does not look like a CSV text file');
    const latin1 = await csvError(Buffer.from('city\nZ\xfcrich\n', 'latin1'));
    expect(latin1).toMatchObject({ code: 'INVALID_CSV' });
    expect(latin1.message).toContain('not valid UTF-8');
  });

  it('should name the line and the cell counts of a ragged row', async () => {
    const error = await csvError('a,b,c\n1,2,3\n4,5\n');
    expect(error.message).toBe('Line 3 has 2 cells but the header has 3 columns.');
    expect(error.details).toEqual([{ path: 'line 3', message: 'expected 3 cells, found 2' }]);
  });

  it('should name duplicate and empty header names', async () => {
    expect((await csvError('a,b,a,b,c\n1,2,3,4,5\n')).message).toContain('repeats column names: "a", "b"');
    expect((await csvError('a,,c, \n1,2,3,4\n')).message).toContain('empty column names at position 2, 4');
  });

  it('should report a broken quote as INVALID_CSV', async () => {
    const error = await csvError('a,b\n"x,1\n');
    expect(error).toMatchObject({ code: 'INVALID_CSV' });
    expect(error.message).toMatch(/^The CSV could not be parsed/);
  });

  it('should enforce maxRows and maxColumns with PAYLOAD_TOO_LARGE', async () => {
    const rows = await csvError('a\n1\n2\n3\n', { maxRows: 2 });
    expect(rows).toMatchObject({ code: 'PAYLOAD_TOO_LARGE', status: 413 });
    expect(rows.message).toContain('more than 2 data rows');
    const columns = await csvError('a,b,c\n1,2,3\n', { maxColumns: 2 });
    expect(columns).toMatchObject({ code: 'PAYLOAD_TOO_LARGE' });
    expect(columns.message).toContain('the limit is 2');
    await expect(parseCsv('a\n1\n2\n', { maxRows: 2, maxColumns: 1 })).resolves.toMatchObject({ nRows: 2 });
  });

  it('should enforce maxValues (rows × columns) with PAYLOAD_TOO_LARGE, naming the rows that fit', async () => {
    const error = await csvError('a,b,c\n1,2,3\n4,5,6\n7,8,9\n', { maxValues: 8 });
    expect(error).toMatchObject({ code: 'PAYLOAD_TOO_LARGE', status: 413 });
    expect(error.message).toBe('The CSV has more than 2 data rows of 3 columns; the limit is 8 values (rows × columns).');
    await expect(parseCsv('a,b,c\n1,2,3\n4,5,6\n', { maxValues: 6 })).resolves.toMatchObject({ nRows: 2 });
  });
});

describe('parseCsvFile(path)', () => {
  it('should stream a file from disk', async () => {
    const parsed = await parseCsvFile(fixturePath('iris.csv'));
    expect(parsed.columns).toEqual(['sepal.length', 'sepal.width', 'petal.length', 'petal.width', 'variety']);
    expect(parsed.nRows).toBe(150);
    expect(new Set(parsed.values[4])).toEqual(new Set(['Setosa', 'Versicolor', 'Virginica']));
    expect(parsed.sha256).toMatch(/^[0-9a-f]{64}$/);
  });

  it('should pass on a file system error untouched', async () => {
    const error = await rejectionOf(parseCsvFile(fixturePath('no-such-file.csv')));
    expect(error).not.toBeInstanceOf(TabulaError);
    expect(error).toMatchObject({ code: 'ENOENT' });
  });
});

describe('parseCsvFile', () => {
  it('should report a ragged row in a file as INVALID_CSV, not as the stream teardown', async () => {
    const { mkdtemp, writeFile } = await import('node:fs/promises');
    const { tmpdir } = await import('node:os');
    const { join } = await import('node:path');
    const dir = await mkdtemp(join(tmpdir(), 'tabula-csv-'));
    const path = join(dir, 'ragged.csv');
    await writeFile(path, 'a,b,c\n1,2,3\n4,5\n');
    await expect(parseCsvFile(path)).rejects.toMatchObject({ code: 'INVALID_CSV' });
  });
});

describe('parseCsvBytes(bytes)', () => {
  it.each([
    ' a , b ,c\n1, x ,NA\n2.5,,N/A\n',
    '\ufeff"a","b"\r\n1,"x, ""y"""\r\n   \r\n2,"two\nlines"',
    'a\n1\n\n2\n',
    '\ufeffa,b\n1,2\n   \n3, 4 ',
    // Plain data (no quote, nothing to trim): a BOM, an empty line, missing tokens, no final line break.
    '\ufeffx1,x2,label\n0.5,-1e-3,yes\n\nNA,,no\n.25,7,N/A',
    'a\tb,c\n1\t2,3\n',
    'a,b\r\n1,2\r\n',
    'a,b\n1,2\f\n',
  ])('should give the same frame as parseCsv for %j', async (text) => {
    const { bytes: _bytes, sha256: _sha, ...streamed } = await parseCsv(text);
    expect(parseCsvBytes(Buffer.from(text))).toEqual(streamed);
  });

  it.each([
    ['', {}],
    ['a,b\n', {}],
    ['a,b\n1,2\n3\n', {}],
    ['a,b\n1,2\n3\n', { lineOffset: 40 }],
    ['a,b\n1,"x"y\n', { lineOffset: 7 }],
    ['a,a\n1,2\n', {}],
  ])('should throw the same error as parseCsv for %j (%j)', async (text, options) => {
    const streamed = await csvError(text, options);
    expect(syncError(text, options)).toMatchObject({ code: streamed.code, message: streamed.message });
  });

  it('should refuse binary and invalid UTF-8 content', () => {
    expect(syncError(Buffer.from([0x61, 0x0a, 0x00, 0x0a])).message).toContain('NUL');
    expect(syncError(Buffer.from([0x61, 0x0a, 0xff, 0x0a])).message).toContain('UTF-8');
  });
});

describe('the header and cell caps (maxColumns, maxHeaderBytes, maxCellBytes)', () => {
  const MB = 1024 * 1024;
  const CHUNK_BYTES = 64 * 1024;
  /** A header of 100,000 columns (about 690 KB): over MAX_COLUMNS' default of 2,000. */
  const wideHeader = `${Array.from({ length: 100_000 }, (_, i) => `c${i}`).join(',')}\n${'1,'.repeat(99_999)}1\n`;
  /** A 2 MB header line with no comma in it. */
  const longHeader = `${'x'.repeat(2 * MB)},y\n1,2\n`;
  /** A 2 MB cell in column 2 of line 3. */
  const bigCell = `a,b\n1,2\n3,${'x'.repeat(2 * MB)}\n4,5\n`;

  /** `text` as a stream of 64 KB chunks that records how many bytes the reader has pulled. */
  function countedStream(text: string): { stream: Readable; pulled: () => number } {
    const bytes = Buffer.from(text);
    let pulled = 0;
    async function* chunks() {
      for (let at = 0; at < bytes.length; at += CHUNK_BYTES) {
        pulled = Math.min(bytes.length, at + CHUNK_BYTES);
        yield bytes.subarray(at, at + CHUNK_BYTES);
      }
    }
    return { stream: Readable.from(chunks(), { highWaterMark: 1 }), pulled: () => pulled };
  }

  it.each([
    ['a header of 100,000 columns', wideHeader, { maxColumns: 2_000 }, /^The CSV has (at least )?\d+ columns; the limit is 2000\.$/, 'MAX_COLUMNS', 2 * CHUNK_BYTES],
    ['a 2 MB header line', longHeader, { maxHeaderBytes: MB }, /^The CSV header \(its first line\) is longer than 1 MB, the limit \(MAX_HEADER_BYTES\)\.$/, 'MAX_HEADER_BYTES', MB + 3 * CHUNK_BYTES],
    ['a 2 MB cell', bigCell, { maxCellBytes: MB }, /^The cell in column 2 of line 3 is longer than 1 MB, the limit \(MAX_CELL_BYTES\)\.$/, 'MAX_CELL_BYTES', MB + 3 * CHUNK_BYTES],
  ])('should refuse %s with 413 naming the cap and its setting, before reading the rest of it', async (_, text, limits, message, setting, maxPulled) => {
    const { stream, pulled } = countedStream(text);
    const error = await csvError(stream, limits);
    expect(error).toMatchObject({ code: 'PAYLOAD_TOO_LARGE', status: 413 });
    expect(error.message).toMatch(message);
    expect(JSON.stringify([error.hint, error.details])).toContain(setting);
    expect(pulled()).toBeLessThanOrEqual(maxPulled);
    // A block already in memory gets the same refusal.
    expect(syncError(text, limits).message).toMatch(message);
  });

  it('should pass a header at its cap, and number the lines of a block from those of the file', async () => {
    // The line break is the cap's last byte.
    await expect(parseCsv('ab,c\n1,2\n', { maxHeaderBytes: 5 })).resolves.toMatchObject({ columns: ['ab', 'c'] });
    expect((await csvError('abc,d\n1,2\n', { maxHeaderBytes: 5 })).code).toBe('PAYLOAD_TOO_LARGE');
    expect(syncError(bigCell, { maxCellBytes: MB, lineOffset: 40 }).message).toContain('of line 43 ');
  });

  it('should measure a quoted cell whole, its commas and line breaks included', async () => {
    const quoted = `a,b\n1,"${'x,\n'.repeat(40)}"\n`;
    expect((await csvError(quoted, { maxCellBytes: 100 })).message).toBe('The cell in column 2 of line 2 is longer than 100 bytes, the limit (MAX_CELL_BYTES).');
    await expect(parseCsv(quoted, { maxCellBytes: 122 })).resolves.toMatchObject({ nRows: 1 });
  });

  it('should read a 2 MB header line without caps as it reads data', async () => {
    const parsed = await parseCsv(longHeader);
    expect(parsed.columns).toEqual(['x'.repeat(2 * MB), 'y']);
    expect(parseCsvBytes(Buffer.from(wideHeader)).columns).toHaveLength(100_000);
  });

  it.each([
    '\n\na,b\n1,2\n',
    '"a\nb",c\r\n1,2\r\n',
    '"a\r\nb",c\n1,2',
    'a,b\r1,2\r3,4',
    'a,b\r\n1,x\ny\r\n',
    'a\n1\r2\n',
    '"a""\n",b\n1,2\n',
  ])('should split %j into the records csv-parse finds when it discovers the line break itself', async (text) => {
    const [header, ...rows] = parseSync(text, { skip_empty_lines: true, ltrim: true, rtrim: true }) as string[][];
    const expected = { columns: header.map((name) => name.trim()), nRows: rows.length, values: header.map((_, colIdx) => rows.map((row) => normalizeCell(row[colIdx]))) };
    const { bytes: _bytes, sha256: _sha, ...streamed } = await parseCsv(Readable.from([...Buffer.from(text)].map((byte) => Buffer.from([byte]))));
    expect(streamed).toEqual(expected);
    expect(parseCsvBytes(Buffer.from(text))).toEqual(expected);
  });
});
