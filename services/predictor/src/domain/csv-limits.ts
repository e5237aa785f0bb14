import { tooManyRows } from '@tabula/contracts';
import type { CsvBlock, CsvOptions } from '@tabula/tabular';

/** MAX_ROWS, MAX_COLUMNS, MAX_HEADER_BYTES and MAX_CELL_BYTES, as the predictor's config sets them. */
export type CsvLimits = Required<Pick<CsvOptions, 'maxRows' | 'maxColumns' | 'maxHeaderBytes' | 'maxCellBytes'>>;

/**
 * Passes blocks on while the upload stays within MAX_ROWS, counted across blocks since each block
 * is parsed on its own. The header and cell caps are checked on the bytes, as the blocks are cut
 * (splitCsvBlocks), before any row is scored.
 */
export async function* withinCsvLimits(blocks: AsyncIterable<CsvBlock>, limits: CsvLimits): AsyncGenerator<CsvBlock> {
  for await (const block of blocks) {
    if (block.firstRow - 1 + block.nRows > limits.maxRows) throw tooManyRows(limits.maxRows);
    yield block;
  }
}
