import { TabulaError, invalidParquet } from '@tabula/contracts';
import { parquetRead, type AsyncBuffer, type DecodedArray } from 'hyparquet';
import { compressors } from 'hyparquet-compressors';
import { normalizeCell, type RawValue } from '../csv/cell-value.js';
import type { Frame } from '../frame.js';
import type { ParquetFooter } from './read-parquet-footer.js';

/**
 * Rows [rowStart, rowEnd) (0-based, of the whole file) of a Parquet file whose footer was read and
 * checked (readParquetFooter), as one frame numbered as the file. Only the column chunks of the row
 * groups the rows fall in are read, and within a row group only the pages that hold them (hyparquet
 * follows the offset index when the file has one). A column's cells become frame cells as JSON's do
 * (numbers, strings trimmed with the CSV's missing tokens, booleans, null); INT64 becomes a number, a
 * date or timestamp its ISO text. A page that cannot be decoded is a 400 naming the column and the row group.
 */
export async function readParquetRows(file: AsyncBuffer, footer: ParquetFooter, rowStart: number, rowEnd: number): Promise<Frame> {
  const nRows = rowEnd - rowStart;
  // Filled in place: a column of numbers then stays an array of unboxed doubles, some 3× faster to fill than one
  // grown row by row. The placeholder is a double, not 0: an array of small integers would be copied whole into a
  // double array at the first decimal written, which (with the garbage it leaves) made a range's decode some 40 %
  // slower. Every cell is overwritten: what each column received is kept as runs of cells, the rows no page held become missing.
  const values = footer.columns.map(() => new Array<RawValue>(nRows).fill(0.5));
  const written = footer.columns.map((): CellRun[] => []);
  let groupStart = 0;
  for (const [groupIdx, group] of footer.metadata.row_groups.entries()) {
    const groupEnd = groupStart + Number(group.num_rows);
    const from = Math.max(rowStart, groupStart);
    const to = Math.min(rowEnd, groupEnd);
    if (from < to) {
      for (const [colIdx, name] of footer.columns.entries()) {
        await readColumn({ file, footer, name, groupIdx, from, to }, { cells: values[colIdx], at: from - rowStart, written: written[colIdx] });
      }
    }
    groupStart = groupEnd;
  }
  values.forEach((cells, colIdx) => markUnwritten(cells, written[colIdx]));
  return { columns: footer.columns, nRows, values, firstRow: rowStart + 1 };
}

/** Cells [start, end) of a column that a page filled. */
type CellRun = [number, number];

/** Where a column slice goes: its first row at cells[at], and the runs it fills noted in `written`. */
interface ColumnTarget {
  cells: RawValue[];
  at: number;
  written: CellRun[];
}

interface ColumnSlice {
  file: AsyncBuffer;
  footer: ParquetFooter;
  name: string;
  groupIdx: number;
  /** The file's rows [from, to) in this row group. */
  from: number;
  to: number;
}

/** Decodes one column of the rows [from, to) of one row group into its target. */
async function readColumn({ file, footer, name, groupIdx, from, to }: ColumnSlice, { cells, at, written }: ColumnTarget): Promise<void> {
  try {
    await parquetRead({
      file,
      metadata: footer.metadata,
      columns: [name],
      rowStart: from,
      rowEnd: to,
      compressors,
      onChunk: ({ columnData, rowStart: pageStart }) => {
        // A page may hold rows before `from` or past `to`: only the rows asked for are copied.
        const first = Math.max(from, pageStart) - pageStart;
        const end = Math.min(to, pageStart + columnData.length) - pageStart;
        if (first >= end) return;
        const cellIdx = at + pageStart + first - from;
        copyPage(columnData, first, end, cells, cellIdx, name, groupIdx);
        written.push([cellIdx, cellIdx + end - first]);
      },
    });
  } catch (error) {
    if (error instanceof TabulaError) throw error;
    throw invalidParquet(`Column "${name}" of row group ${groupIdx + 1} (rows ${from + 1}–${to}) cannot be read: ${(error as Error).message}.`, {
      details: [{ path: `${name} (row group ${groupIdx + 1})`, message: (error as Error).message }],
      cause: error,
    });
  }
}

/** page[first, end) into cells from cellIdx: a typed array (a column with no missing values) as numbers, anything else cell by cell. */
function copyPage(page: DecodedArray, first: number, end: number, cells: RawValue[], cellIdx: number, name: string, groupIdx: number): void {
  if (ArrayBuffer.isView(page)) {
    copyNumericPage(page, first, end, cells, cellIdx);
    return;
  }
  for (let idx = first; idx < end; idx++) cells[cellIdx + idx - first] = toCell(page[idx], name, groupIdx);
}

/**
 * The one place a numeric page (a typed array: DOUBLE, FLOAT, INT32, INT64 with no missing values) becomes
 * frame cells, as toCell would make them (NaN and ±Infinity are missing, INT64 a number). Kept apart so that
 * a change of how a frame holds a numeric column is made here only.
 */
export function copyNumericPage(page: Exclude<DecodedArray, unknown[]>, first: number, end: number, cells: RawValue[], cellIdx: number): void {
  if (page instanceof BigInt64Array || page instanceof BigUint64Array) {
    for (let idx = first; idx < end; idx++) cells[cellIdx + idx - first] = Number(page[idx]);
    return;
  }
  for (let idx = first; idx < end; idx++) {
    const value = page[idx];
    cells[cellIdx + idx - first] = Number.isFinite(value) ? value : null;
  }
}

/** Rows no page covered (a damaged file can hold fewer values than its footer says) are missing, as they always were. */
function markUnwritten(cells: RawValue[], written: CellRun[]): void {
  let next = 0;
  for (const [start, end] of written.sort((a, b) => a[0] - b[0])) {
    for (let row = next; row < start; row++) cells[row] = null;
    next = Math.max(next, end);
  }
  for (let row = next; row < cells.length; row++) cells[row] = null;
}

/** A Parquet value as a frame cell, read as JSON values are (see frameFromRecords). */
function toCell(value: unknown, name: string, groupIdx: number): RawValue {
  if (value === null || value === undefined) return null;
  if (typeof value === 'number') return Number.isFinite(value) ? value : null;
  if (typeof value === 'string') return normalizeCell(value);
  if (typeof value === 'boolean') return value;
  if (typeof value === 'bigint') return Number(value);
  if (value instanceof Date) return Number.isNaN(value.getTime()) ? null : value.toISOString();
  throw invalidParquet(`Column "${name}" of row group ${groupIdx + 1} holds ${value instanceof Uint8Array ? 'raw bytes' : 'a nested value'}, not a number, text or boolean.`, {
    hint: 'Write that column as a string (UTF8) or number column, or drop it before writing the file.',
  });
}
