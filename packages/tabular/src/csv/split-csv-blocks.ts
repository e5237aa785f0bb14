import { Readable } from 'node:stream';
import { headerTooLarge, invalidCsv, type CsvDialect } from '@tabula/contracts';
import { CsvByteScanner, type CsvByteLimits } from './csv-byte-scanner.js';

/** A run of whole CSV records cut from an upload, scoreable on its own with the header. */
export interface CsvBlock {
  /** The file's header line, decoded (BOM dropped), with its own line break: the reader takes the record delimiter from the first line. */
  header: string;
  /** Whole records only: a block never ends inside a record or a quoted cell. */
  body: Uint8Array;
  /** 1-based number of the block's first data row in the file, blank lines not counted. */
  firstRow: number;
  /** Data rows in the block. */
  nRows: number;
  /** 1-based line of the file on which the body starts, for error messages. */
  firstLine: number;
  /** How the file is written, so that a scoring worker reads the block as the file was cut; absent: DEFAULT_CSV_DIALECT. */
  dialect?: CsvDialect;
}

/** A block that grows this many times past its target without a record end has an unclosed quote. */
const MAX_BLOCK_FACTOR = 64;

const EMPTY_HINT = 'Send a comma-separated UTF-8 text file whose first row names the columns.';

/**
 * Cuts a CSV byte stream into blocks of about `targetBytes` at record boundaries, so that each can
 * be parsed and scored independently (in parallel, on worker threads) while the upload is still
 * arriving. Boundaries are newlines outside the dialect's quotes; a line of only whitespace is blank and,
 * as in the CSV reader, is not a row. Memory held is one block plus one incoming chunk. The header
 * (MAX_HEADER_BYTES, MAX_COLUMNS) and every cell (MAX_CELL_BYTES) are checked on each chunk as it
 * arrives, before it is kept, so a header or cell past its cap is refused with the chunk that
 * passes it. Tabular's CsvByteScanner does both in one pass: it finds the record ends in the loop
 * that measures the cells, so the file's quotes are followed once.
 */
export async function* splitCsvBlocks(
  source: AsyncIterable<Uint8Array>,
  targetBytes: number,
  limits: CsvByteLimits,
  dialect?: CsvDialect,
): AsyncGenerator<CsvBlock> {
  const scanner = new CsvByteScanner(limits, { isFindingRecords: true, dialect });
  const ends = scanner.recordEnds;
  let header: string | null = null;
  let pending: Uint8Array[] = [];
  let pendingBytes = 0;
  /** Whole records held in `pending`. */
  let pendingRows = 0;
  let nextRow = 1;
  /** Newlines in the file before the current chunk. */
  let linesSeen = 0;
  let bodyFirstLine = 1;

  for await (const chunk of keepOpen(source)) {
    scanner.scan(chunk);
    let start = 0;
    let rows = ends.nRecords;
    // The first record of the file is its header.
    if (header === null && rows > 0) {
      header = decodeHeader(concat([...pending, chunk.subarray(0, ends.firstEnd)], pendingBytes + ends.firstEnd));
      pending = [];
      pendingBytes = 0;
      start = ends.firstEnd;
      bodyFirstLine = linesSeen + ends.nLineBreaksToFirst + 1;
      rows--;
    }
    const cut = rows > 0 ? ends.lastEnd : -1;
    const linesAtCut = linesSeen + ends.nLineBreaksToLast;
    linesSeen += ends.nLineBreaks;
    if (header === null) {
      pending.push(chunk);
      pendingBytes += chunk.length;
      // The scanner ends a header at a lone CR too (old Mac files), where blocks are cut at LFs only.
      if (limits.maxHeaderBytes !== undefined && pendingBytes > limits.maxHeaderBytes) throw headerTooLarge(limits.maxHeaderBytes);
      continue;
    }
    if (cut >= 0 && pendingBytes + cut - start >= targetBytes) {
      const nRows = pendingRows + rows;
      yield { header, body: concat([...pending, chunk.subarray(start, cut)], pendingBytes + cut - start), firstRow: nextRow, nRows, firstLine: bodyFirstLine, dialect };
      nextRow += nRows;
      bodyFirstLine = linesAtCut + 1;
      pending = cut < chunk.length ? [chunk.subarray(cut)] : [];
      pendingBytes = chunk.length - cut;
      pendingRows = 0;
      continue;
    }
    pending.push(chunk.subarray(start));
    pendingBytes += chunk.length - start;
    pendingRows += rows;
    if (pendingBytes > targetBytes * MAX_BLOCK_FACTOR) {
      throw invalidCsv(`From line ${bodyFirstLine} on, a record runs on for more than ${Math.round(pendingBytes / 1024 / 1024)} MB.`, {
        hint: 'Check for a quote that is opened and never closed: a quoted cell must end with a quote followed by a comma or a line break.',
      });
    }
  }
  if (header === null) {
    // A header with no newline after it still names the columns.
    if (!scanner.hasOpenRecord) throw invalidCsv('The file is empty: it has no header row and no data.', { hint: EMPTY_HINT });
    throw noDataRows(decodeHeader(concat(pending, pendingBytes)));
  }
  // Whatever follows the last newline is a record too, when it has content.
  const nRows = pendingRows + (scanner.hasOpenRecord ? 1 : 0);
  if (nRows > 0) yield { header, body: concat(pending, pendingBytes), firstRow: nextRow, nRows, firstLine: bodyFirstLine, dialect };
  else if (nextRow === 1) throw noDataRows(header);
}

/**
 * A readable stream's own iterator destroys the stream when the loop over it stops early, and a
 * destroyed upload never lets the multipart parser finish, so the route could not drain the rest
 * of the form and answer a refusal: it hung. Read such a stream without destroying it on return.
 */
function keepOpen(source: AsyncIterable<Uint8Array>): AsyncIterable<Uint8Array> {
  return source instanceof Readable ? source.iterator({ destroyOnReturn: false }) : source;
}

function noDataRows(header: string) {
  return invalidCsv(`The CSV has a header but no data rows (columns: ${header.trimEnd()}).`, { hint: 'Add at least one data row below the header.' });
}

function concat(parts: Uint8Array[], total: number): Uint8Array {
  return parts.length === 1 ? parts[0] : Buffer.concat(parts, total);
}

/** The header as text; a BOM is dropped as the CSV reader drops it. */
function decodeHeader(bytes: Uint8Array): string {
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    throw invalidCsv('The file does not look like a CSV text file: its first line is not valid UTF-8 text.', { hint: EMPTY_HINT });
  }
}
