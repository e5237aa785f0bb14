import { tooManyColumns, tooManyRows, tooManyValues } from '@tabula/contracts';
import type { Frame } from '../frame.js';
import type { RawValue } from '../csv/cell-value.js';

/** The caps a CSV is read under (MAX_ROWS, MAX_COLUMNS, a value cap), applied alike to JSON, NDJSON and Parquet frames. */
export interface TableLimits {
  maxRows?: number;
  maxColumns?: number;
  /** Values (rows × columns) held at once: set where the whole file is held (training, monitoring). */
  maxValues?: number;
}

/**
 * Throws the CSV's own 413s when `nRows` rows of `nColumns` columns read so far pass a limit, naming
 * what was read (`subject`, e.g. "The Parquet file") rather than calling every file a CSV.
 */
export function checkTableLimits(nRows: number, nColumns: number, limits: TableLimits, subject: string): void {
  if (limits.maxColumns !== undefined && nColumns > limits.maxColumns) throw tooManyColumns(nColumns, limits.maxColumns, true, subject);
  if (limits.maxRows !== undefined && nRows > limits.maxRows) throw tooManyRows(limits.maxRows, subject);
  if (limits.maxValues !== undefined && nRows * nColumns > limits.maxValues) throw tooManyValues(limits.maxValues, nColumns, subject);
}

/**
 * The frames of one file (NDJSON batches, Parquet row groups) as one frame, for readers that hold the
 * file whole (training, monitoring). Columns are the union in first-seen order, as frameFromRecords
 * makes them; a column a frame lacks is missing (null) in its rows.
 */
export async function concatFrames(frames: AsyncIterable<Frame>, limits: TableLimits = {}, subject = 'The file'): Promise<Frame> {
  const columnIndex = new Map<string, number>();
  const values: RawValue[][] = [];
  let nRows = 0;
  for await (const frame of frames) {
    for (const name of frame.columns) {
      if (columnIndex.has(name)) continue;
      columnIndex.set(name, values.length);
      values.push(new Array<RawValue>(nRows).fill(null));
    }
    checkTableLimits(nRows + frame.nRows, values.length, limits, subject);
    const seen = new Set<number>();
    frame.columns.forEach((name, colIdx) => {
      const target = values[columnIndex.get(name) as number];
      seen.add(columnIndex.get(name) as number);
      for (const value of frame.values[colIdx]) target.push(value);
    });
    for (let colIdx = 0; colIdx < values.length; colIdx++) {
      if (!seen.has(colIdx)) for (let row = 0; row < frame.nRows; row++) values[colIdx].push(null);
    }
    nRows += frame.nRows;
  }
  return { columns: [...columnIndex.keys()], nRows, values };
}
