import { describe, expect, it } from '@jest/globals';
import { TabulaError } from '@tabula/contracts';
import { parse as parseSync } from 'csv-parse/sync';
import { CsvByteScanner, type CsvByteLimits } from './csv-byte-scanner.js';
import { createUniformRng } from '../training/training-rng.js';
import { catchError } from '../test-fixtures/catch-error.js';

const CHUNK_SIZES = [1, 2, 3, 7, 64, 1 << 20];

/** Scans `text` in chunks of `chunkSize` bytes and ends it. */
function scanned(text: string, chunkSize: number, limits: CsvByteLimits = {}): CsvByteScanner {
  const bytes = Buffer.from(text);
  const scanner = new CsvByteScanner(limits);
  for (let at = 0; at < bytes.length; at += chunkSize) scanner.scan(bytes.subarray(at, at + chunkSize));
  scanner.end();
  return scanner;
}

function scanError(text: string, chunkSize: number, limits: CsvByteLimits): TabulaError {
  const error = catchError(() => scanned(text, chunkSize, limits));
  expect(error).toBeInstanceOf(TabulaError);
  return error as TabulaError;
}

describe('CsvByteScanner', () => {
  describe('.recordDelimiter', () => {
    it.each([
      ['a,b\n1,2\n', '\n'],
      ['a,b\r\n1,2\r\n', '\r\n'],
      ['a,b\r1,2\r', '\r'],
      ['a,b\r', '\r'],
      ['\r\n\r\na,b\r\n1,2', '\r\n'],
      ['"x\r\ny",b\n1,2\n', '\n'],
      ['"x""\r",b\r1,2', '\r'],
      ['a,b', null],
      ['"a\nb"', null],
    ])('should be what csv-parse would discover in %j, whatever the chunk size', (text, delimiter) => {
      for (const chunkSize of CHUNK_SIZES) expect([chunkSize, scanned(text, chunkSize).recordDelimiter]).toEqual([chunkSize, delimiter]);
    });
  });

  describe('.recordDelimiter given to csv-parse', () => {
    const OPTIONS = { skip_empty_lines: true, ltrim: true, rtrim: true };
    const recordsOf = (text: string, options: object): string => {
      try {
        return JSON.stringify(parseSync(Buffer.from(text), options));
      } catch (error) {
        return `error ${(error as { code?: string }).code}`;
      }
    };

    it('should read as its own discovery does: the same records, or the same error, on 10,000 random texts', () => {
      const next = createUniformRng(42);
      const alphabet = ['a', 'b', ',', '"', '\r', '\n', ' ', '1'];
      const differing: string[] = [];
      for (let n = 0; n < 10_000; n++) {
        const text = Array.from({ length: 1 + Math.floor(next() * 14) }, () => alphabet[Math.floor(next() * alphabet.length)]).join('');
        const delimiter = scanned(text, 1 + Math.floor(next() * 4)).recordDelimiter ?? '\n';
        if (recordsOf(text, { ...OPTIONS, record_delimiter: delimiter }) !== recordsOf(text, OPTIONS)) differing.push(text);
      }
      expect(differing).toEqual([]);
    });
  });

  describe('.nColumns', () => {
    it('should count header fields, commas inside quotes not splitting one', () => {
      expect(scanned('a,b,c\n1,2\n', 2).nColumns).toBe(3);
      expect(scanned('"a,1","b ""x"", y",c\r\n', 1).nColumns).toBe(3);
      expect(scanned('only\n', 64).nColumns).toBe(1);
    });

    it('should skip blank and whitespace-only lines before the header, as the reader does', () => {
      const scanner = scanned('\n  \t\r\n a , b \r\nx,y,z,w\r\n', 3);
      expect(scanner.isHeaderDone).toBe(true);
      expect(scanner.nColumns).toBe(2);
    });
  });

  describe('.scan(chunk)', () => {
    it('should refuse more columns than maxColumns with the exact count when the header ends in the chunk', () => {
      const error = scanError('a,b,c\n1,2,3\n', 64, { maxColumns: 2 });
      expect(error).toMatchObject({ code: 'PAYLOAD_TOO_LARGE', message: 'The CSV has 3 columns; the limit is 2.' });
    });

    it('should refuse more columns than maxColumns at the first chunk past it, with the count so far', () => {
      const header = Array.from({ length: 100 }, (_, i) => `c${i}`).join(',');
      const error = scanError(`${header}\n1\n`, 64, { maxColumns: 10 });
      expect(error.message).toMatch(/^The CSV has at least (1[1-9]|2\d) columns; the limit is 10\.$/);
    });

    it('should refuse a header line past maxHeaderBytes without reading further, even in one large buffer', () => {
      const scanner = new CsvByteScanner({ maxHeaderBytes: 1024 });
      // The cap stops the header's scan: a comma past it is not counted.
      const bytes = Buffer.from(`${'x'.repeat(1024)}${',y'.repeat(10_000)}\n`);
      expect(() => scanner.scan(bytes)).toThrow('The CSV header (its first line) is longer than 1 KB, the limit (MAX_HEADER_BYTES).');
      expect(scanner.nColumns).toBe(1);
      for (const chunkSize of CHUNK_SIZES) expect(scanError(`${'x'.repeat(1024)}\n`, chunkSize, { maxHeaderBytes: 1024 }).code).toBe('PAYLOAD_TOO_LARGE');
    });

    it('should pass a header and cells exactly at their caps', () => {
      for (const chunkSize of CHUNK_SIZES) {
        const scanner = scanned('abcd,e\n"xyz",1234\n12345', chunkSize, { maxHeaderBytes: 7, maxCellBytes: 5, maxColumns: 2 });
        expect(scanner.isHeaderDone).toBe(true);
      }
    });

    it('should refuse the first cell past maxCellBytes, naming its line and column, whatever the chunk size', () => {
      const text = 'a,b\r\n1,"x\r\ny"\r\n2,"q""r, s"\r\n3,z\r\n';
      for (const chunkSize of CHUNK_SIZES) {
        expect([chunkSize, scanError(text, chunkSize, { maxCellBytes: 7 }).message]).toEqual([
          chunkSize,
          'The cell in column 2 of line 4 is longer than 7 bytes, the limit (MAX_CELL_BYTES).',
        ]);
        expect(scanned(text, chunkSize, { maxCellBytes: 10 }).isHeaderDone).toBe(true);
      }
    });

    it('should measure the cells of a CR file whatever the chunk size, a CR at a chunk end included', () => {
      for (const chunkSize of CHUNK_SIZES) {
        expect(scanned('ab,c\rxyz,1\r', chunkSize, { maxCellBytes: 3 }).recordDelimiter).toBe('\r');
        expect([chunkSize, scanError('ab,c\rxyz,1\rwxyz,2\r', chunkSize, { maxCellBytes: 3 }).message]).toEqual([
          chunkSize,
          'The cell in column 1 of line 3 is longer than 3 bytes, the limit (MAX_CELL_BYTES).',
        ]);
      }
    });

    it('should measure a CRLF file by its CRLFs: a lone LF is inside a cell', () => {
      expect(scanError('a,b\r\n1,x\nyz\r\n', 2, { maxCellBytes: 3 }).message).toContain('column 2 of line 2');
      expect(scanError('a,b\r\n1,x\nyz\r\n', 2, { maxCellBytes: 3, lineOffset: 10 }).message).toContain('column 2 of line 12');
    });

    it('should measure header cells too, and refuse an open cell before it ends', () => {
      expect(scanError('abcdefgh,b\n1,2\n', 3, { maxCellBytes: 4 }).message).toContain('column 1 of line 1');
      const scanner = new CsvByteScanner({ maxCellBytes: 10 });
      scanner.scan(Buffer.from('a\n"'));
      expect(() => scanner.scan(Buffer.from('x'.repeat(20)))).toThrow('column 1 of line 2');
    });

    it('should stop watching after the header when no cell cap is set', () => {
      const scanner = scanned('a,b\n1,2\n', 1);
      expect(scanner.isWatching).toBe(false);
      expect(scanned('a,b\n1,2\n', 1, { maxCellBytes: 4 }).isWatching).toBe(true);
    });
  });

  describe('.recordEnds, given isFindingRecords', () => {
    /** The naive twin: record ends (offsets past their LF) and LF counts up to them, over the whole text at once. */
    function naiveRecordEnds(bytes: Uint8Array) {
      const ends: Array<[number, number]> = [];
      let isInQuotes = false;
      let hasContent = false;
      let nLineBreaks = 0;
      for (let i = 0; i < bytes.length; i++) {
        const byte = bytes[i];
        if (byte === 0x22) isInQuotes = !isInQuotes;
        if (byte === 0x0a) {
          nLineBreaks++;
          if (!isInQuotes && hasContent) ends.push([i + 1, nLineBreaks]);
          if (!isInQuotes) hasContent = false;
        } else if (byte !== 0x20 && byte !== 0x09 && byte !== 0x0d) {
          hasContent = true;
        }
      }
      return { ends, nLineBreaks, hasOpenRecord: hasContent };
    }

    /** The same, gathered chunk by chunk from the scanner. */
    function scannedRecordEnds(bytes: Uint8Array, chunkSize: number, limits: CsvByteLimits) {
      const scanner = new CsvByteScanner(limits, { isFindingRecords: true });
      const ends: Array<[number, number]> = [];
      let nLineBreaks = 0;
      for (let at = 0; at < bytes.length; at += chunkSize) {
        scanner.scan(bytes.subarray(at, at + chunkSize));
        const found = scanner.recordEnds;
        if (found.nRecords > 0) ends.push([at + found.firstEnd, nLineBreaks + found.nLineBreaksToFirst]);
        if (found.nRecords > 1) ends.push([at + found.lastEnd, nLineBreaks + found.nLineBreaksToLast]);
        nLineBreaks += found.nLineBreaks;
        expect(found.nRecords).toBeLessThanOrEqual(2);
      }
      return { ends, nLineBreaks, hasOpenRecord: scanner.hasOpenRecord };
    }

    it('should agree with a naive twin on 5,000 random texts, whatever the chunk size, cells measured or not', () => {
      const next = createUniformRng(7);
      const alphabet = ['a', ',', '"', '\r', '\n', '\n', ' ', '\t', '\f', '1'];
      for (let n = 0; n < 5_000; n++) {
        const text = Array.from({ length: 1 + Math.floor(next() * 12) }, () => alphabet[Math.floor(next() * alphabet.length)]).join('');
        const bytes = Buffer.from(text);
        // Chunks of up to 2 bytes hold at most two record ends: first and last are then every one.
        const chunkSize = 1 + Math.floor(next() * 2);
        const limits = next() < 0.5 ? {} : { maxCellBytes: 1_000 };
        expect([text, scannedRecordEnds(bytes, chunkSize, limits)]).toEqual([text, naiveRecordEnds(bytes)]);
      }
    });

    it('should count the records of a chunk and keep watching after the header', () => {
      const scanner = new CsvByteScanner({}, { isFindingRecords: true });
      scanner.scan(Buffer.from('a,b\n1,"x\ny"\n  \n2,3\n4'));
      expect(scanner.recordEnds).toEqual({ nLineBreaks: 5, nRecords: 3, firstEnd: 4, nLineBreaksToFirst: 1, lastEnd: 19, nLineBreaksToLast: 5 });
      expect(scanner.hasOpenRecord).toBe(true);
      expect(scanner.isWatching).toBe(true);
      scanner.scan(Buffer.from(''));
      expect(scanner.recordEnds.nRecords).toBe(0);
    });
  });

  describe('.hasQuotes(bytes)', () => {
    it('should tell bytes with a quote from bytes without', () => {
      expect(CsvByteScanner.hasQuotes(Buffer.from('a,"b"\n'))).toBe(true);
      expect(CsvByteScanner.hasQuotes(Buffer.from("a,'b'\n"))).toBe(false);
    });
  });
});
