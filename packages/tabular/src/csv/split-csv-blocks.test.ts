import { Readable } from 'node:stream';
import { describe, expect, it } from '@jest/globals';
import { TabulaError } from '@tabula/contracts';
import type { CsvByteLimits } from './csv-byte-scanner.js';
import { splitCsvBlocks, type CsvBlock } from './split-csv-blocks.js';

async function* chunksOf(text: string, size: number): AsyncGenerator<Uint8Array> {
  const bytes = Buffer.from(text, 'utf8');
  for (let at = 0; at < bytes.length; at += size) yield bytes.subarray(at, at + size);
}

const MB = 1024 * 1024;

async function split(text: string, chunkSize: number, targetBytes: number, limits: CsvByteLimits = {}): Promise<Array<Omit<CsvBlock, 'body'> & { body: string }>> {
  const blocks = [];
  for await (const block of splitCsvBlocks(chunksOf(text, chunkSize), targetBytes, limits)) blocks.push({ ...block, body: Buffer.from(block.body).toString('utf8') });
  return blocks;
}

async function errorOf(text: string, targetBytes = 1024, limits: CsvByteLimits = {}, chunkSize = 7): Promise<TabulaError> {
  try {
    await split(text, chunkSize, targetBytes, limits);
  } catch (error) {
    if (error instanceof TabulaError) return error;
    throw error;
  }
  throw new Error('expected splitCsvBlocks to throw');
}

const FILE = '\ufeffa,b\r\n1,"x\ny"\r\n\r\n2,"q""r"\r\n   \n3,z';

describe('splitCsvBlocks', () => {
  it('should keep the header with its line break and number rows without blank lines', async () => {
    const [block, ...rest] = await split(FILE, 1 << 20, 1 << 20);

    expect(rest).toEqual([]);
    expect(block).toEqual({ header: 'a,b\r\n', body: FILE.slice('\ufeffa,b\r\n'.length), firstRow: 1, nRows: 3, firstLine: 2 });
  });

  it('should cut only between records, whatever the chunk size, and concatenate back to the body', async () => {
    const body = FILE.slice('\ufeffa,b\r\n'.length);
    for (const chunkSize of [1, 2, 3, 5, 8, 64]) {
      const blocks = await split(FILE, chunkSize, 1);
      expect(blocks.map((b) => b.body).join('')).toBe(body);
      expect(blocks.map((b) => [b.firstRow, b.nRows])).toEqual(
        blocks.map((_, i) => [blocks.slice(0, i).reduce((sum, b) => sum + b.nRows, 1), blocks[i].nRows]),
      );
      expect(blocks.reduce((sum, b) => sum + b.nRows, 0)).toBe(3);
      for (const block of blocks) expect(block.body).not.toMatch(/^[^"]*"[^"]*$/);
    }
  });

  it('should give each block the file line its body starts on, counting line breaks inside quotes', async () => {
    const blocks = await split('a\n1\n"x\ny"\n2\n', 1, 1);

    expect(blocks.map((b) => [b.body, b.firstRow, b.firstLine])).toEqual([
      ['1\n', 1, 2],
      ['"x\ny"\n', 2, 3],
      ['2\n', 3, 5],
    ]);
  });

  it('should reach the target size before cutting', async () => {
    const text = 'h\n' + Array.from({ length: 1000 }, (_, i) => `${i}\n`).join('');
    const blocks = await split(text, 100, 1000);

    expect(blocks.length).toBeGreaterThan(1);
    for (const block of blocks.slice(0, -1)) expect(Buffer.byteLength(block.body)).toBeGreaterThanOrEqual(1000);
    expect(blocks.reduce((sum, b) => sum + b.nRows, 0)).toBe(1000);
  });

  it('should treat a last record without a line break as a row', async () => {
    const blocks = await split('a,b\n1,2', 3, 1 << 20);
    expect(blocks.map((b) => [b.body, b.nRows])).toEqual([['1,2', 1]]);
  });

  it.each([
    ['', 'The file is empty'],
    ['\n \r\n', 'The file is empty'],
    ['a,b', 'no data rows (columns: a,b)'],
    ['a,b\r\n\r\n', 'no data rows (columns: a,b)'],
  ])('should refuse %j as INVALID_CSV', async (text, message) => {
    const error = await errorOf(text);
    expect(error.code).toBe('INVALID_CSV');
    expect(error.message).toContain(message);
  });

  it('should stop at an unclosed quote instead of buffering the rest of the upload', async () => {
    const error = await errorOf(`a\n"${'x\n'.repeat(40_000)}`, 1024);
    expect(error.code).toBe('INVALID_CSV');
    expect(error.hint).toContain('quote');
  });

  it('should refuse a first line of over a megabyte', async () => {
    const error = await errorOf('x'.repeat(1_100_000), 1024, { maxHeaderBytes: MB }, 64 * 1024);
    expect(error.message).toContain('first line');
  });

  describe('with MAX_HEADER_BYTES, MAX_COLUMNS and MAX_CELL_BYTES', () => {
    /** Chunks of `text` as an upload would arrive, counting those taken. */
    function countedChunks(text: string, size = 64 * 1024) {
      const bytes = Buffer.from(text);
      const taken = { bytes: 0 };
      async function* chunks() {
        for (let at = 0; at < bytes.length; at += size) {
          taken.bytes = Math.min(bytes.length, at + size);
          yield bytes.subarray(at, at + size);
        }
      }
      return { chunks: chunks(), taken };
    }

    async function refusal(text: string, limits: CsvByteLimits) {
      const { chunks, taken } = countedChunks(text);
      try {
        for await (const block of splitCsvBlocks(chunks, 256 * 1024, limits)) void block;
      } catch (error) {
        if (error instanceof TabulaError) return { error, taken: taken.bytes };
        throw error;
      }
      throw new Error('expected splitCsvBlocks to throw');
    }

    it('should refuse a 2 MB header line with 413 at the cap, before the rest of it arrives', async () => {
      const { error, taken } = await refusal(`${'x'.repeat(2 * MB)}\n1\n`, { maxHeaderBytes: MB });
      expect(error).toMatchObject({ code: 'PAYLOAD_TOO_LARGE', message: 'The CSV header (its first line) is longer than 1 MB, the limit (MAX_HEADER_BYTES).' });
      expect(taken).toBeLessThanOrEqual(MB + 64 * 1024);
    });

    it('should leave a readable upload open after a refusal, for the route to drain and answer', async () => {
      const upload = Readable.from([Buffer.from('x'.repeat(100)), Buffer.from('\n1\n')]);
      const blocks = splitCsvBlocks(upload, 1024, { maxHeaderBytes: 64 });
      await expect(blocks.next()).rejects.toMatchObject({ code: 'PAYLOAD_TOO_LARGE' });
      expect(upload.destroyed).toBe(false);
      upload.resume();
      await new Promise((resolve) => upload.once('end', resolve));
    });

    it('should refuse a file of CR line breaks, which it cannot cut, at the header cap', async () => {
      const { error, taken } = await refusal(`a,b\r${'1,2\r'.repeat(MB)}`, { maxHeaderBytes: MB });
      expect(error.message).toContain('MAX_HEADER_BYTES');
      expect(taken).toBeLessThanOrEqual(MB + 64 * 1024);
    });

    it('should refuse a header of 100,000 columns with 413 in its first chunk', async () => {
      const header = Array.from({ length: 100_000 }, (_, i) => `c${i}`).join(',');
      const { error, taken } = await refusal(`${header}\n1\n`, { maxColumns: 2_000, maxHeaderBytes: MB });
      expect(error.message).toMatch(/^The CSV has at least \d+ columns; the limit is 2000\.$/);
      expect(taken).toBe(64 * 1024);
    });

    it('should refuse a 2 MB cell with 413 at the cap, naming its line and column', async () => {
      const { error, taken } = await refusal(`a,b\n1,2\n3,"${'x\n'.repeat(MB)}"\n`, { maxCellBytes: MB });
      expect(error).toMatchObject({ code: 'PAYLOAD_TOO_LARGE', message: 'The cell in column 2 of line 3 is longer than 1 MB, the limit (MAX_CELL_BYTES).' });
      expect(taken).toBeLessThanOrEqual(MB + 64 * 1024);
    });
  });
});
