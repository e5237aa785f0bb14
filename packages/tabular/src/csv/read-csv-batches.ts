import type { CsvDialect } from '@tabula/contracts';
import type { Frame } from '../frame.js';
import type { CsvByteLimits } from './csv-byte-scanner.js';
import type { ColumnKind } from './csv-table.js';
import { parseCsvBytes, type CsvOptions } from './parse-csv.js';
import { splitCsvBlocks, type CsvBlock } from './split-csv-blocks.js';

export interface CsvBatchOptions extends CsvByteLimits {
  /** About how many bytes of records each batch holds (default 4 MB). */
  targetBytes?: number;
  /** How the file is written (default: comma-separated UTF-8, see DEFAULT_CSV_DIALECT). */
  dialect?: CsvDialect;
  /** How each column's cells become values (default all 'text'); 'infer' is decided per batch. */
  columnKind?: (name: string) => ColumnKind;
}

const DEFAULT_BATCH_BYTES = 4 * 1024 * 1024;

/**
 * A CSV byte stream as frames of whole records, in order, each naming its rows as the file does
 * (firstRow), for work that must never hold the whole file: memory is one batch plus one chunk.
 */
export async function* readCsvBatches(source: AsyncIterable<Uint8Array>, options: CsvBatchOptions = {}): AsyncGenerator<Frame> {
  const { targetBytes = DEFAULT_BATCH_BYTES, dialect, columnKind, ...limits } = options;
  for await (const block of splitCsvBlocks(source, targetBytes, limits, dialect)) yield parseCsvBlock(block, { ...limits, columnKind });
}

/**
 * One block of a file as a frame that names its rows and lines as the file does, read in the
 * block's dialect: what a scoring worker and a streaming training pass each do with a block.
 */
export function parseCsvBlock(block: CsvBlock, options: Omit<CsvOptions, 'dialect' | 'lineOffset'> = {}): Frame {
  const text = Buffer.concat([Buffer.from(block.header, 'utf8'), block.body]);
  // The block's text starts with the header on line 1; its body starts on the file's firstLine.
  const frame = parseCsvBytes(text, { ...options, dialect: block.dialect, lineOffset: block.firstLine - 2 });
  return { ...frame, firstRow: block.firstRow };
}
