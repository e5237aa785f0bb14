import { readOffsetIndex, type AsyncBuffer, type FileMetaData, type RowGroup } from 'hyparquet';
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
    const { metadata } = await readParquetFooter(file, limits);
    const pageStarts = new Map<number, number[]>();
    for (const [groupIdx, group] of metadata.row_groups.entries()) {
      if (Number(group.num_rows) <= maxRows || !isIndexed(group)) continue;
      const starts = await commonPageStarts(file, group);
      if (starts) pageStarts.set(groupIdx, starts);
    }
    return cutRanges(metadata, maxRows, pageStarts);
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
 * slices when every column chunk has an offset index (which says where each slice's pages are), else whole:
 * without one, each slice would decode the column chunks from their start, and a one-page chunk cannot be cut at all.
 * A group whose `pageStarts` (rows, from the group's start, where every column starts a page) are known is cut at
 * those rows, as few slices as fit; else in equal slices. A cut inside a page makes both slices decode that page
 * whole: with pages of 131,071 rows and equal slices of 125,000, each page was decoded about twice.
 */
export function cutRanges(metadata: Pick<FileMetaData, 'row_groups'>, maxRows: number, pageStarts: ReadonlyMap<number, number[]> = new Map()): ParquetRange[] {
  const ranges: ParquetRange[] = [];
  let groupStart = 0;
  for (const [groupIdx, group] of metadata.row_groups.entries()) {
    const nRows = Number(group.num_rows);
    const last = ranges.at(-1);
    const starts = pageStarts.get(groupIdx);
    if (nRows > maxRows && !isIndexed(group)) {
      ranges.push({ rowStart: groupStart, rowEnd: groupStart + nRows });
    } else if (nRows > maxRows && starts) {
      for (const [from, to] of cutAtPages(nRows, maxRows, starts)) ranges.push({ rowStart: groupStart + from, rowEnd: groupStart + to });
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

const isIndexed = (group: RowGroup) => group.columns.every((chunk) => chunk.offset_index_offset !== undefined && Boolean(chunk.offset_index_length));

/** Rows [0, nRows) in slices of at most maxRows, each ending at the last page start that fits (or at maxRows when none does). */
function cutAtPages(nRows: number, maxRows: number, starts: number[]): Array<[number, number]> {
  const slices: Array<[number, number]> = [];
  for (let from = 0; from < nRows; ) {
    const limit = Math.min(nRows, from + maxRows);
    const atPage = starts.filter((start) => start > from && start <= limit).at(-1);
    const to = limit === nRows ? nRows : (atPage ?? limit);
    slices.push([from, to]);
    from = to;
  }
  return slices;
}

/**
 * The rows (from the group's start) where every column chunk of the group starts a page, read from their offset
 * indexes; undefined when one cannot be read, and the group is then cut in equal slices, as before.
 */
async function commonPageStarts(file: AsyncBuffer, group: RowGroup): Promise<number[] | undefined> {
  try {
    let common: number[] | undefined;
    for (const chunk of group.columns) {
      const start = Number(chunk.offset_index_offset);
      const bytes = await file.slice(start, start + Number(chunk.offset_index_length));
      const starts = readOffsetIndex({ view: new DataView(bytes), offset: 0 }).page_locations.map((page) => Number(page.first_row_index));
      common = common ? common.filter((row) => starts.includes(row)) : starts;
    }
    return common?.sort((a, b) => a - b);
  } catch {
    return undefined;
  }
}
