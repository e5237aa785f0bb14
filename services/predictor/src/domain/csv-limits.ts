import { tooManyColumns, tooManyRows, type CsvOptions } from '@tabula/tabular';
import type { CsvBlock } from './csv-blocks.js';

export type CsvLimits = Required<Pick<CsvOptions, 'maxRows' | 'maxColumns'>>;

/**
 * Passes blocks on while the upload stays within MAX_COLUMNS (checked on the header, before any
 * row is scored) and MAX_ROWS (counted across blocks, since each block is parsed on its own).
 */
export async function* withinCsvLimits(blocks: AsyncIterable<CsvBlock>, limits: CsvLimits): AsyncGenerator<CsvBlock> {
  let headerChecked = false;
  for await (const block of blocks) {
    if (!headerChecked) {
      const nColumns = countHeaderColumns(block.header);
      if (nColumns > limits.maxColumns) throw tooManyColumns(nColumns, limits.maxColumns);
      headerChecked = true;
    }
    if (block.firstRow - 1 + block.nRows > limits.maxRows) throw tooManyRows(limits.maxRows);
    yield block;
  }
}

/** Fields of a CSV header line: commas outside double quotes, plus one. */
export function countHeaderColumns(header: string): number {
  let inQuotes = false;
  let columns = 1;
  for (const char of header) {
    if (char === '"') inQuotes = !inQuotes;
    else if (char === ',' && !inQuotes) columns++;
  }
  return columns;
}
