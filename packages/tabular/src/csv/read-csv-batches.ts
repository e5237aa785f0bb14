import type { CsvDialect } from '@tabula/contracts';
import type { Frame } from '../frame.js';
import type { CsvByteLimits } from './csv-byte-scanner.js';
import type { ColumnKind } from './csv-table.js';
import { parseCsvBytes } from './parse-csv.js';
import { splitCsvBlocks } from './split-csv-blocks.js';

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
  for await (const block of splitCsvBlocks(source, targetBytes, limits, dialect)) {
    const text = Buffer.concat([Buffer.from(block.header, 'utf8'), block.body]);
    // The block's text starts with the header on line 1; its body starts on the file's firstLine.
    const frame = parseCsvBytes(text, { ...limits, dialect: block.dialect, columnKind, lineOffset: block.firstLine - 2 });
    yield { ...frame, firstRow: block.firstRow };
  }
}
