import { readFile, stat } from 'node:fs/promises';
import { parquetWriteFile } from 'hyparquet-writer';
import type { WrittenCsv } from '../write-csv-rows.js';

/**
 * Writes the same rows as a plain numeric CSV (header, then numbers only, no quotes or empty cells: the bench's
 * own synthetic file) as Parquet, one DOUBLE column per CSV column, hyparquet-writer's defaults otherwise
 * (snappy, row groups of its default size unless rowGroupRows is given). The CSV is read back rather than regenerated, so both files hold
 * exactly the same values.
 */
export async function writeParquetCopy(csv: WrittenCsv, path: string, { rowGroupRows }: { rowGroupRows?: number } = {}): Promise<{ path: string; bytes: number }> {
  const text = await readFile(csv.path, 'latin1');
  const headerEnd = text.indexOf('\n');
  const names = text.slice(0, headerEnd).split(',');
  const columns = names.map(() => new Float64Array(csv.rows));
  let row = 0;
  let start = headerEnd + 1;
  while (start < text.length) {
    const end = text.indexOf('\n', start);
    const cells = text.slice(start, end === -1 ? text.length : end).split(',');
    for (let colIdx = 0; colIdx < names.length; colIdx++) columns[colIdx][row] = Number(cells[colIdx]);
    row++;
    start = end === -1 ? text.length : end + 1;
  }
  if (row !== csv.rows) throw new Error(`read ${row} rows back from ${csv.path}, expected ${csv.rows}`);
  const columnData = names.map((name, colIdx) => ({ name, data: columns[colIdx], type: 'DOUBLE' as const, nullable: false }));
  parquetWriteFile({ filename: path, columnData, ...(rowGroupRows === undefined ? {} : { rowGroupSize: rowGroupRows }) });
  const { size } = await stat(path);
  return { path, bytes: size };
}
