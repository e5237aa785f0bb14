import { open } from 'node:fs/promises';
import type { AsyncBuffer } from 'hyparquet';
import type { Frame } from '../frame.js';
import { readParquetFooter } from './read-parquet-footer.js';
import { readParquetRows } from './read-parquet-rows.js';
import type { TableLimits } from './table-limits.js';

/**
 * A Parquet file as frames, one per row group, read with hyparquet (snappy, gzip, zstd, brotli and lz4
 * pages through hyparquet-compressors). Parquet keeps its schema in a footer, so the file is read from
 * disk (or a buffer) by ranges: memory is one row group's columns, never the whole file as JS values.
 * The footer is checked first (readParquetFooter: flat columns, one type per column in every row group,
 * the limits); the cells are read as readParquetRows reads them.
 */
export async function* readParquetFrames(file: AsyncBuffer, limits: TableLimits = {}): AsyncGenerator<Frame> {
  const footer = await readParquetFooter(file, limits);
  let rowStart = 0;
  for (const group of footer.metadata.row_groups) {
    const rowEnd = rowStart + Number(group.num_rows);
    if (rowEnd > rowStart) yield await readParquetRows(file, footer, rowStart, rowEnd);
    rowStart = rowEnd;
  }
}

/** A file on disk as hyparquet's AsyncBuffer: one descriptor, read by ranges (the footer first, then column chunks). */
export async function parquetFileBuffer(path: string): Promise<AsyncBuffer & { close(): Promise<void> }> {
  const handle = await open(path, 'r');
  const { size } = await handle.stat();
  return {
    byteLength: size,
    async slice(start: number, end = size) {
      const bytes = new Uint8Array(Math.max(0, end - start));
      await handle.read(bytes, 0, bytes.length, start);
      return bytes.buffer;
    },
    close: () => handle.close(),
  };
}
