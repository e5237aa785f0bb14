import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from '@jest/globals';
import { parquetMetadata } from 'hyparquet';
import { ByteWriter, ParquetWriter, parquetWriteBuffer, schemaFromColumnData } from 'hyparquet-writer';
import type { Frame } from '../frame.js';
import { rejectionOf } from '../test-fixtures/catch-error.js';
import { ParquetStreamWriter } from './parquet-stream-writer.js';
import { parquetFileBuffer, readParquetFrames } from './read-parquet-frames.js';

const N_ROWS = 1000;
const X = Array.from({ length: N_ROWS }, (_, idx) => Math.round(Math.sin(idx) * 1000) / 1000);

/** A two-column file (DOUBLE x, STRING c with missing values) in row groups of 400 rows, snappy pages. */
function sampleFile(): ArrayBuffer {
  return parquetWriteBuffer({
    columnData: [
      { name: 'x', data: X, type: 'DOUBLE' },
      { name: 'c', data: X.map((_, idx) => (idx % 10 === 0 ? null : ` k${idx % 3} `)), type: 'STRING' },
      { name: 'n', data: X.map((_, idx) => BigInt(idx)), type: 'INT64' },
    ],
    rowGroupSize: 400,
  });
}

async function readAll(file: ArrayBuffer, limits = {}): Promise<Frame[]> {
  const frames: Frame[] = [];
  for await (const frame of readParquetFrames(file, limits)) frames.push(frame);
  return frames;
}

describe('readParquetFrames(file, limits)', () => {
  it('should read one frame per row group, numbered as the file, with cells as JSON gives them', async () => {
    const frames = await readAll(sampleFile());
    expect(frames.map((frame) => [frame.firstRow, frame.nRows])).toEqual([[1, 400], [401, 400], [801, 200]]);
    expect(frames[0].columns).toEqual(['x', 'c', 'n']);
    expect(frames.flatMap((frame) => frame.values[0])).toEqual(X);
    expect(frames[0].values[1].slice(0, 3)).toEqual([null, 'k1', 'k2']);
    expect(frames[2].values[2][0]).toBe(800);
  });

  it('should read a file from disk by ranges', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'tabula-parquet-'));
    try {
      await writeFile(join(dir, 'a.parquet'), new Uint8Array(sampleFile()));
      const file = await parquetFileBuffer(join(dir, 'a.parquet'));
      const frames: Frame[] = [];
      for await (const frame of readParquetFrames(file)) frames.push(frame);
      await file.close();
      expect(frames.reduce((rows, frame) => rows + frame.nRows, 0)).toBe(N_ROWS);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  it('should name the column and row group of a corrupt page', async () => {
    const bytes = new Uint8Array(sampleFile());
    const chunk = parquetMetadata(bytes.buffer).row_groups[1].columns[0].meta_data;
    const start = Number(chunk?.data_page_offset) + 30;
    for (let idx = start; idx < start + 40; idx++) bytes[idx] ^= 0x5a;
    const error = await rejectionOf(readAll(bytes.buffer));
    expect(error).toMatchObject({ status: 400, message: expect.stringContaining('Column "x" of row group 2 (rows 401–800) cannot be read') });
  });

  it('should name a column whose type differs between row groups', async () => {
    const out = new ByteWriter();
    const writer = new ParquetWriter({ writer: out, schema: schemaFromColumnData({ columnData: [{ name: 'x', data: [], type: 'DOUBLE', nullable: true }] }) });
    void writer.write({ columnData: [{ name: 'x', data: [1.5, 2.5], type: 'DOUBLE' }] });
    // A second row group written under another schema, as a tool that stitches files together might.
    writer.schema = schemaFromColumnData({ columnData: [{ name: 'x', data: [], type: 'STRING', nullable: true }] });
    void writer.write({ columnData: [{ name: 'x', data: ['a', 'b'], type: 'STRING' }] });
    void writer.finish();
    const error = await rejectionOf(readAll(out.getBuffer()));
    expect(error).toMatchObject({ status: 400, message: 'Column "x" is BYTE_ARRAY in the file\'s schema but DOUBLE in row group 1 (rows from 1).' });
  });

  it('should refuse bytes that are no Parquet file, and apply the row limit', async () => {
    expect(await rejectionOf(readAll(new Uint8Array(Buffer.from('PAR1 but not really')).buffer))).toMatchObject({ status: 400, message: expect.stringContaining('not a readable Parquet file') });
    expect(await rejectionOf(readAll(sampleFile(), { maxRows: 500 }))).toMatchObject({ status: 413, message: 'The Parquet file has more than 500 data rows, the limit.' });
  });
});

describe('ParquetStreamWriter', () => {
  it('should write row groups as they come and a footer that makes the pieces one readable file', async () => {
    const writer = new ParquetStreamWriter([
      { name: 'row', type: 'INT32' },
      { name: 'prediction', type: 'STRING' },
      { name: 'proba_a', type: 'DOUBLE' },
    ]);
    const pieces = [writer.writeRowGroup([[1, 2], ['a', 'b'], [0.75, 0.25]]), writer.writeRowGroup([[3], ['a'], [null]]), writer.finish()];
    const frames = await readAll(new Uint8Array(Buffer.concat(pieces)).buffer);
    expect(frames).toEqual([
      { columns: ['row', 'prediction', 'proba_a'], nRows: 2, values: [[1, 2], ['a', 'b'], [0.75, 0.25]], firstRow: 1 },
      { columns: ['row', 'prediction', 'proba_a'], nRows: 1, values: [[3], ['a'], [null]], firstRow: 3 },
    ]);
  });
});
