import type { FileMetaData } from 'hyparquet';
import type { Frame } from '../frame.js';
import { readParquetFooter } from './read-parquet-footer.js';
import { parquetFileBuffer } from './read-parquet-frames.js';
import { readParquetRows } from './read-parquet-rows.js';
import type { TableLimits } from './table-limits.js';

/** Rows [rowStart, rowEnd) of a Parquet file, 0-based over the whole file: a unit of work small enough to send to a thread as two numbers. */
export interface ParquetRange {
  rowStart: number;
  rowEnd: number;
}

/**
 * Reads only the footer of a Parquet file on disk, checks it (readParquetFooter, under `limits`) and cuts
 * its rows into ranges of at most maxRows (cutRanges): whole row groups, small neighbours joined, a large group
 * sliced when its offset index says where each slice's pages are. Each range is then read on its own, on any thread,
 * by readParquetRange, so decoding runs where the rows are used instead of on one thread for the whole file.
 */
export async function planParquetRanges(path: string, limits: TableLimits, maxRows: number): Promise<ParquetRange[]> {
  const file = await parquetFileBuffer(path);
  try {
    return cutRanges((await readParquetFooter(file, limits)).metadata, maxRows);
  } finally {
    await file.close();
  }
}

/** One range of a file planParquetRanges cut, as a frame numbered as the file (firstRow = rowStart + 1). */
export async function readParquetRange(path: string, { rowStart, rowEnd }: ParquetRange): Promise<Frame> {
  const file = await parquetFileBuffer(path);
  try {
    // The footer again, a few KB: cheaper than sending the parsed metadata to the thread, and checked the same way.
    return await readParquetRows(file, await readParquetFooter(file), rowStart, rowEnd);
  } finally {
    await file.close();
  }
}

/**
 * Row groups as ranges of at most maxRows rows: consecutive small groups joined while they fit, a larger group in
 * equal slices when every column chunk has an offset index (which says where each slice's pages are), else whole:
 * without one, each slice would decode the column chunks from their start, and a one-page chunk cannot be cut at all.
 */
export function cutRanges(metadata: Pick<FileMetaData, 'row_groups'>, maxRows: number): ParquetRange[] {
  const ranges: ParquetRange[] = [];
  let groupStart = 0;
  for (const group of metadata.row_groups) {
    const nRows = Number(group.num_rows);
    const last = ranges.at(-1);
    const isIndexed = group.columns.every((chunk) => chunk.offset_index_offset !== undefined && Boolean(chunk.offset_index_length));
    if (nRows > maxRows && !isIndexed) {
      ranges.push({ rowStart: groupStart, rowEnd: groupStart + nRows });
    } else if (nRows > maxRows) {
      const nSlices = Math.ceil(nRows / maxRows);
      for (let slice = 0; slice < nSlices; slice++) {
        ranges.push({ rowStart: groupStart + Math.floor((slice * nRows) / nSlices), rowEnd: groupStart + Math.floor(((slice + 1) * nRows) / nSlices) });
      }
    } else if (last && last.rowEnd === groupStart && last.rowEnd - last.rowStart + nRows <= maxRows) {
      last.rowEnd += nRows;
    } else if (nRows > 0) {
      ranges.push({ rowStart: groupStart, rowEnd: groupStart + nRows });
    }
    groupStart += nRows;
  }
  return ranges;
}
