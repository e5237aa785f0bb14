import { open } from 'node:fs/promises';
import { TabulaError, invalidParquet } from '@tabula/contracts';
import { parquetMetadataAsync, parquetRead, parquetSchema, type AsyncBuffer, type FileMetaData } from 'hyparquet';
import { compressors } from 'hyparquet-compressors';
import { normalizeCell, type RawValue } from '../csv/cell-value.js';
import type { Frame } from '../frame.js';
import { checkTableLimits, type TableLimits } from './table-limits.js';

/**
 * A Parquet file as frames, one per row group, read with hyparquet (snappy, gzip, zstd, brotli and lz4
 * pages through hyparquet-compressors). Parquet keeps its schema in a footer, so the file is read from
 * disk (or a buffer) by ranges: memory is one row group's columns, never the whole file as JS values.
 * A column's cells become frame cells as JSON's do (numbers, strings trimmed with the CSV's missing
 * tokens, booleans, null); INT64 becomes a number, a date or timestamp its ISO text. Nested columns
 * (lists, structs, maps) are refused. A page that cannot be decoded, or a column chunk whose type
 * differs from the file's schema (a file stitched from row groups of different schemas), is a 400
 * naming the column and the row group.
 */
export async function* readParquetFrames(file: AsyncBuffer, limits: TableLimits = {}): AsyncGenerator<Frame> {
  const metadata = await readMetadata(file);
  const columns = describeFile(() => topLevelColumns(metadata));
  checkTableLimits(0, columns.length, limits, 'The Parquet file');
  let rowStart = 0;
  for (const [groupIdx, group] of metadata.row_groups.entries()) {
    const nRows = Number(group.num_rows);
    describeFile(() => checkGroupTypes(metadata, groupIdx, columns));
    checkTableLimits(rowStart + nRows, columns.length, limits, 'The Parquet file');
    const values: RawValue[][] = [];
    for (const name of columns) values.push(await readColumn(file, metadata, name, groupIdx, rowStart, nRows));
    yield { columns, nRows, values, firstRow: rowStart + 1 };
    rowStart += nRows;
  }
  if (rowStart === 0) throw invalidParquet(`The Parquet file has no rows (columns: ${columns.join(', ')}).`, { hint: 'Add at least one row.' });
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

/** Runs a check of the footer's metadata: a footer that parses but holds nonsense (a damaged file) is a 400 too, never a 500. */
function describeFile<T>(check: () => T): T {
  try {
    return check();
  } catch (error) {
    if (error instanceof TabulaError) throw error;
    throw invalidParquet(`The Parquet file's footer is damaged: ${(error as Error).message}.`, { cause: error });
  }
}

async function readMetadata(file: AsyncBuffer): Promise<FileMetaData> {
  try {
    return await parquetMetadataAsync(file);
  } catch (error) {
    throw invalidParquet(`The file is not a readable Parquet file: ${(error as Error).message}.`, { cause: error });
  }
}

/** The names of the top-level columns; a nested one cannot be a frame column. */
function topLevelColumns(metadata: FileMetaData): string[] {
  const root = parquetSchema(metadata);
  const nested = root.children.filter((child) => child.children.length > 0).map((child) => child.element.name);
  if (nested.length > 0) {
    throw invalidParquet(`The Parquet columns ${nested.map((name) => `"${name}"`).join(', ')} are nested (lists, structs or maps); a table column holds one value a row.`, {
      hint: 'Flatten or drop those columns before writing the file.',
    });
  }
  return root.children.map((child) => child.element.name);
}

/** Each column chunk of the row group must have its column's physical type, or its pages would be decoded as another type. */
function checkGroupTypes(metadata: FileMetaData, groupIdx: number, columns: string[]): void {
  const root = parquetSchema(metadata);
  for (const chunk of metadata.row_groups[groupIdx].columns) {
    const name = chunk.meta_data?.path_in_schema.join('.');
    const element = root.children.find((child) => child.element.name === name)?.element;
    if (!chunk.meta_data || !element || !columns.includes(name as string)) continue;
    if (element.type !== chunk.meta_data.type) {
      throw invalidParquet(
        `Column "${name}" is ${element.type} in the file's schema but ${chunk.meta_data.type} in row group ${groupIdx + 1} (rows from ${rowOf(metadata, groupIdx)}).`,
        { details: [{ path: `${name} (row group ${groupIdx + 1})`, message: `${chunk.meta_data.type}, expected ${element.type}` }] },
      );
    }
  }
}

const rowOf = (metadata: FileMetaData, groupIdx: number) =>
  metadata.row_groups.slice(0, groupIdx).reduce((rows, group) => rows + Number(group.num_rows), 0) + 1;

async function readColumn(file: AsyncBuffer, metadata: FileMetaData, name: string, groupIdx: number, rowStart: number, nRows: number): Promise<RawValue[]> {
  const cells = new Array<RawValue>(nRows).fill(null);
  try {
    await parquetRead({
      file,
      metadata,
      columns: [name],
      rowStart,
      rowEnd: rowStart + nRows,
      compressors,
      onChunk: ({ columnData, rowStart: chunkStart }) => {
        for (let idx = 0; idx < columnData.length; idx++) {
          const row = chunkStart + idx - rowStart;
          if (row >= 0 && row < nRows) cells[row] = toCell(columnData[idx], name, groupIdx);
        }
      },
    });
  } catch (error) {
    if (error instanceof TabulaError) throw error;
    throw invalidParquet(`Column "${name}" of row group ${groupIdx + 1} (rows ${rowStart + 1}–${rowStart + nRows}) cannot be read: ${(error as Error).message}.`, {
      details: [{ path: `${name} (row group ${groupIdx + 1})`, message: (error as Error).message }],
      cause: error,
    });
  }
  return cells;
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
