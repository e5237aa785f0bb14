import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { parquetMetadata } from 'hyparquet';
import { parquetWriteBuffer } from 'hyparquet-writer';
import type { RawValue } from '../csv/cell-value.js';
import type { Frame } from '../frame.js';
import { rejectionOf } from '../test-fixtures/catch-error.js';
import { parquetFileBuffer, readParquetFrames } from './read-parquet-frames.js';
import { cutRanges, planParquetRanges, readParquetRange } from './read-parquet-range.js';
import { copyNumericPage } from './read-parquet-rows.js';

const N_ROWS = 1000;
const X = Array.from({ length: N_ROWS }, (_, idx) => Math.round(Math.sin(idx) * 1000) / 1000);

/** DOUBLE x (no missing values), STRING c (missing ones), INT64 n and a nullable DOUBLE y, in row groups of 400, pages of about 64 bytes (so every column chunk has several, and an offset index). */
function sampleFile(): Uint8Array {
  return new Uint8Array(
    parquetWriteBuffer({
      columnData: [
        { name: 'x', data: Float64Array.from(X), type: 'DOUBLE', nullable: false },
        { name: 'c', data: X.map((_, idx) => (idx % 10 === 0 ? null : ` k${idx % 3} `)), type: 'STRING' },
        { name: 'n', data: X.map((_, idx) => BigInt(idx)), type: 'INT64' },
        { name: 'y', data: X.map((value, idx) => (idx % 7 === 0 ? null : value)), type: 'DOUBLE' },
      ],
      rowGroupSize: 400,
      pageSize: 64,
    }),
  );
}

/** Row groups of these sizes, whose column chunks have an offset index or not. */
const groups = (sizes: number[], isIndexed = true) =>
  ({ row_groups: sizes.map((num_rows) => ({ num_rows: BigInt(num_rows), columns: [isIndexed ? { offset_index_offset: 1n, offset_index_length: 9 } : {}] })) }) as unknown as Parameters<typeof cutRanges>[0];

describe('cutRanges(metadata, maxRows)', () => {
  it('should join small row groups while they fit and slice a large one evenly', () => {
    expect(cutRanges(groups([1000, 100_000, 100_000, 0, 99_000]), 131_072)).toEqual([
      { rowStart: 0, rowEnd: 101_000 },
      { rowStart: 101_000, rowEnd: 201_000 },
      { rowStart: 201_000, rowEnd: 300_000 },
    ]);
    expect(cutRanges(groups([10, 300_000]), 131_072)).toEqual([
      { rowStart: 0, rowEnd: 10 },
      { rowStart: 10, rowEnd: 100_010 },
      { rowStart: 100_010, rowEnd: 200_010 },
      { rowStart: 200_010, rowEnd: 300_010 },
    ]);
  });

  it('should cut a large row group at the rows where every column starts a page, when they are known', () => {
    const pageStarts = new Map([[1, [0, 131_071, 262_142, 393_213]]]);
    expect(cutRanges(groups([10, 450_000]), 131_072, pageStarts)).toEqual([
      { rowStart: 0, rowEnd: 10 },
      { rowStart: 10, rowEnd: 131_081 },
      { rowStart: 131_081, rowEnd: 262_152 },
      { rowStart: 262_152, rowEnd: 393_223 },
      { rowStart: 393_223, rowEnd: 450_010 },
    ]);
    // No page start within maxRows: cut at maxRows, as close to a page as the limit allows.
    expect(cutRanges(groups([300_000]), 100_000, new Map([[0, [0, 150_000]]]))).toEqual([
      { rowStart: 0, rowEnd: 100_000 },
      { rowStart: 100_000, rowEnd: 150_000 },
      { rowStart: 150_000, rowEnd: 250_000 },
      { rowStart: 250_000, rowEnd: 300_000 },
    ]);
  });

  it('should keep a large row group whole when its column chunks have no offset index to find a slice\'s pages', () => {
    expect(cutRanges(groups([10, 300_000], false), 131_072)).toEqual([
      { rowStart: 0, rowEnd: 10 },
      { rowStart: 10, rowEnd: 300_010 },
    ]);
  });
});

describe('planParquetRanges(path, limits, maxRows) and readParquetRange(path, range)', () => {
  let dir: string;
  let path: string;
  let frames: Frame[];

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'tabula-parquet-range-'));
    path = join(dir, 'a.parquet');
    await writeFile(path, sampleFile());
    frames = [];
    const file = await parquetFileBuffer(path);
    for await (const frame of readParquetFrames(file)) frames.push(frame);
    await file.close();
  });
  afterAll(() => rm(dir, { recursive: true, force: true }));

  const columnOf = (parts: Frame[], colIdx: number): RawValue[] => parts.flatMap((frame) => frame.values[colIdx]);

  it.each([[1000], [400], [150], [37]])('should give, in ranges of at most %i rows, the cells the row-group frames hold, numbered as the file', async (maxRows) => {
    const ranges = await planParquetRanges(path, {}, maxRows);
    expect(ranges.every((range) => range.rowEnd - range.rowStart <= maxRows)).toBe(true);
    const parts = await Promise.all(ranges.map((range) => readParquetRange(path, range)));
    expect(parts.map((frame) => frame.firstRow)).toEqual(ranges.map((range) => range.rowStart + 1));
    expect(parts.reduce((rows, frame) => rows + frame.nRows, 0)).toBe(N_ROWS);
    for (let colIdx = 0; colIdx < 4; colIdx++) expect(columnOf(parts, colIdx)).toEqual(columnOf(frames, colIdx));
    expect(columnOf(parts, 0)).toEqual(X);
    expect(columnOf(parts, 1).slice(0, 3)).toEqual([null, 'k1', 'k2']);
    expect(columnOf(parts, 3).slice(6, 9)).toEqual([X[6], null, X[8]]);
  });

  it('should check the whole footer before any row is read: the limits, as the row-group reader does', async () => {
    expect(await rejectionOf(planParquetRanges(path, { maxRows: 500 }, 100))).toMatchObject({ status: 413, message: 'The Parquet file has more than 500 data rows, the limit.' });
    expect(await rejectionOf(planParquetRanges(path, { maxColumns: 3 }, 100))).toMatchObject({ status: 413 });
  });

  it('should name the column and row group of a corrupt page, and the rows it was reading', async () => {
    const bytes = sampleFile();
    const chunk = parquetMetadata(bytes.buffer as ArrayBuffer).row_groups[1].columns[0].meta_data;
    // The column chunk's first page header and the start of its data: no page of it can be decoded.
    const start = Number(chunk?.dictionary_page_offset ?? chunk?.data_page_offset);
    for (let idx = start; idx < start + 40; idx++) bytes[idx] ^= 0x5a;
    const corrupt = join(dir, 'corrupt.parquet');
    await writeFile(corrupt, bytes);
    const [first, second] = await planParquetRanges(corrupt, {}, 500);
    expect((await readParquetRange(corrupt, first)).nRows).toBe(400);
    expect(await rejectionOf(readParquetRange(corrupt, second))).toMatchObject({ status: 400, message: expect.stringContaining('Column "x" of row group 2 (rows 401–800) cannot be read') });
  });
});

describe('copyNumericPage(page, first, end, cells, cellIdx)', () => {
  it('should copy the asked rows as numbers, NaN and infinities as missing, INT64 as a number', () => {
    const cells: RawValue[] = ['kept'];
    copyNumericPage(Float64Array.from([9, 1.5, Number.NaN, Number.POSITIVE_INFINITY, 2]), 1, 5, cells, 1);
    copyNumericPage(BigInt64Array.from([7n, -3n]), 0, 2, cells, 5);
    expect(cells).toEqual(['kept', 1.5, null, null, 2, 7, -3]);
  });
});
