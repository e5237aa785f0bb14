import { TabulaError, invalidParquet } from '@tabula/contracts';
import { parquetMetadataAsync, parquetSchema, type AsyncBuffer, type FileMetaData } from 'hyparquet';
import { checkTableLimits, type TableLimits } from './table-limits.js';

/** How a 413 names a Parquet file. */
export const PARQUET_SUBJECT = 'The Parquet file';

/** What the footer of a Parquet file says, once checked: what every read of its rows starts from. */
export interface ParquetFooter {
  metadata: FileMetaData;
  /** The top-level column names, in the file's order. */
  columns: string[];
  nRows: number;
}

/**
 * Reads and checks the footer (the file's metadata) without reading a row: the columns are flat, every row
 * group stores each column with the schema's physical type (a file stitched from row groups of different
 * schemas is a 400 naming the column and the row group), the file has rows, and the row and column counts
 * stay within `limits`. All of it is known from the footer, so a bad file is refused before any row is read
 * or scored, whichever part of the file is at fault.
 */
export async function readParquetFooter(file: AsyncBuffer, limits: TableLimits = {}): Promise<ParquetFooter> {
  const metadata = await readMetadata(file);
  const columns = describeFile(() => topLevelColumns(metadata));
  checkTableLimits(0, columns.length, limits, PARQUET_SUBJECT);
  let nRows = 0;
  for (const [groupIdx, group] of metadata.row_groups.entries()) {
    describeFile(() => checkGroupTypes(metadata, groupIdx, columns));
    nRows += Number(group.num_rows);
    checkTableLimits(nRows, columns.length, limits, PARQUET_SUBJECT);
  }
  if (nRows === 0) throw invalidParquet(`The Parquet file has no rows (columns: ${columns.join(', ')}).`, { hint: 'Add at least one row.' });
  return { metadata, columns, nRows };
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
