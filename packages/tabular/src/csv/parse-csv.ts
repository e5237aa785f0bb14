import { isUtf8 } from 'node:buffer';
import { createHash, type Hash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { Readable, Writable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { parse } from 'csv-parse';
import { parse as parseSync } from 'csv-parse/sync';
import { TabulaError, invalidCsv, tooManyColumns, tooManyRows, tooManyValues } from '@tabula/contracts';
import { normalizeCell, type RawValue } from './cell-value.js';
import { CsvByteScanner, type CsvByteLimits } from './csv-byte-scanner.js';
import type { Frame } from '../frame.js';

/** Limits on the header and cells (checked on the bytes, see CsvByteScanner), rows and values. */
export interface CsvOptions extends CsvByteLimits {
  maxRows?: number;
  /** Values (data rows × columns) a parsed frame may hold: bounds its memory, about 35 bytes a value. */
  maxValues?: number;
}

/** A parsed CSV with the size and SHA-256 of the bytes it was read from (BOM included). */
export interface ParsedCsv extends Frame {
  bytes: number;
  sha256: string;
}

/** The frame being filled; columns stay null until the header row is read. */
interface CsvTable {
  columns: string[] | null;
  values: RawValue[][];
  nRows: number;
}

const CSV_HINT = 'Send a comma-separated UTF-8 text file whose first row names the columns.';
/** Trimming outside quotes makes a line of spaces blank, as a reader sees it. */
const PARSE_OPTIONS = { skip_empty_lines: true, ltrim: true, rtrim: true } as const;
const SLICE_BYTES = 64 * 1024;
/**
 * parseCsvBytes hands csv-parse the bytes, which it reads natively (text would be encoded back to
 * bytes first), so it drops a BOM itself. Blocks of plain data skip work that cannot change their
 * records: with no quote character, quote handling is off (about 15% faster); with no quote and
 * none of the bytes csv-parse trims either (space, tab, CR, form feed; a line break ends a record),
 * trimming is off too (another 14% on a 20-column numeric file).
 */
const BYTES_OPTIONS = { ...PARSE_OPTIONS, bom: true } as const;
const UNQUOTED_BYTES_OPTIONS = { ...BYTES_OPTIONS, quote: null } as const;
const PLAIN_BYTES_OPTIONS = { ...UNQUOTED_BYTES_OPTIONS, ltrim: false, rtrim: false } as const;
const TRIMMED_BYTES = [0x20, 0x09, 0x0d, 0x0c];

/** Parses a CSV file as a stream, hashing the bytes as they are read. */
export function parseCsvFile(path: string, options: CsvOptions = {}): Promise<ParsedCsv> {
  return parseCsv(createReadStream(path), options);
}

/**
 * Parses CSV text into a frame of trimmed strings and nulls (see normalizeCell). Throws
 * INVALID_CSV for empty, binary or ragged input, or bad header names, and PAYLOAD_TOO_LARGE past
 * the limits, naming the line and the fix.
 */
export async function parseCsv(input: string | Buffer | NodeJS.ReadableStream, options: CsvOptions = {}): Promise<ParsedCsv> {
  const hash = createHash('sha256');
  const size = { bytes: 0 };
  const table: CsvTable = { columns: null, values: [], nRows: 0 };
  const scanner = new CsvByteScanner(options);
  // With a file stream, pipeline rejects with the AbortError of tearing the source down rather than
  // with the error that stopped the reader, so the reader's own error is kept here.
  let readerError: unknown;
  try {
    const chunks = inspectBytes(toChunks(input), hash, size, scanner);
    // csv-parse is told the record delimiter (see CsvByteScanner), so the bytes up to the first line
    // break are read first; the scanner's header cap bounds them.
    const head = await readToDelimiter(chunks, scanner);
    await pipeline(
      Readable.from(decodeText(prepend(head, chunks))),
      // No `info`, and a plain Writable rather than `for await`: per-record info objects and async
      // iteration steps made parsing four times slower than it is.
      parse({ ...PARSE_OPTIONS, record_delimiter: recordDelimiterOf(scanner) }),
      new Writable({
        objectMode: true,
        highWaterMark: 1024,
        write(record: string[], _encoding, callback) {
          try {
            addRecord(table, record, options);
            callback();
          } catch (error) {
            readerError = error;
            callback(error as Error);
          }
        },
      }),
    );
  } catch (error) {
    throw toCsvError(readerError ?? error, options.lineOffset ?? 0, table.columns?.length ?? 0);
  }
  return { ...finishFrame(table), bytes: size.bytes, sha256: hash.digest('hex') };
}

/**
 * parseCsv for bytes already in memory (a block of an upload), in one synchronous call: for small
 * inputs the stream machinery of parseCsv costs more than the parsing.
 */
export function parseCsvBytes(bytes: Uint8Array, options: CsvOptions = {}): Frame {
  const table: CsvTable = { columns: null, values: [], nRows: 0 };
  const buffer = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  if (buffer.includes(0)) throw notText('it contains NUL bytes');
  if (!isUtf8(buffer)) throw notText('it is not valid UTF-8 text');
  const scanner = new CsvByteScanner(options);
  scanner.scan(buffer);
  scanner.end();
  const parseOptions = CsvByteScanner.hasQuotes(buffer)
    ? BYTES_OPTIONS
    : TRIMMED_BYTES.some((byte) => buffer.includes(byte))
      ? UNQUOTED_BYTES_OPTIONS
      : PLAIN_BYTES_OPTIONS;
  try {
    for (const record of parseSync(buffer, { ...parseOptions, record_delimiter: recordDelimiterOf(scanner) }) as string[][]) {
      addRecord(table, record, options);
    }
  } catch (error) {
    throw toCsvError(error, options.lineOffset ?? 0, table.columns?.length ?? 0);
  }
  return finishFrame(table);
}

/** The parsed table as a frame, or INVALID_CSV when it has no header or no rows. */
function finishFrame(table: CsvTable): Frame {
  if (table.columns === null) {
    throw invalidCsv('The file is empty: it has no header row and no data.', { hint: CSV_HINT });
  }
  if (table.nRows === 0) {
    throw invalidCsv(`The CSV has a header but no data rows (columns: ${table.columns.join(', ')}).`, {
      hint: 'Add at least one data row below the header.',
    });
  }
  return { columns: table.columns, nRows: table.nRows, values: table.values };
}

function addRecord(table: CsvTable, record: string[], limits: CsvOptions): void {
  if (table.columns === null) {
    table.columns = readHeader(record, limits);
    table.values = table.columns.map(() => []);
    return;
  }
  const expected = table.columns.length;
  if (limits.maxRows !== undefined && table.nRows >= limits.maxRows) throw tooManyRows(limits.maxRows);
  if (limits.maxValues !== undefined && (table.nRows + 1) * expected > limits.maxValues) throw tooManyValues(limits.maxValues, expected);
  for (let colIdx = 0; colIdx < expected; colIdx++) table.values[colIdx].push(normalizeCell(record[colIdx]));
  table.nRows++;
}

function readHeader(record: string[], limits: CsvOptions): string[] {
  if (limits.maxColumns !== undefined && record.length > limits.maxColumns) throw tooManyColumns(record.length, limits.maxColumns);
  const names = record.map((name) => name.trim());
  const empty: number[] = [];
  for (let idx = 0; idx < names.length; idx++) if (names[idx] === '') empty.push(idx + 1);
  if (empty.length > 0) {
    throw invalidCsv(`The header has ${empty.length === 1 ? 'an empty column name' : 'empty column names'} at position ${empty.join(', ')}.`, {
      hint: 'Give every column a name in the first row (a trailing comma in the header also makes an empty name).',
    });
  }
  // One pass with sets: indexOf per name was quadratic in the columns.
  const seen = new Set<string>();
  const repeated = new Set<string>();
  for (const name of names) (seen.has(name) ? repeated : seen).add(name);
  if (repeated.size > 0) {
    throw invalidCsv(`The header repeats column names: ${[...repeated].map((name) => `"${name}"`).join(', ')}.`, {
      hint: 'Make every column name in the first row unique.',
    });
  }
  return names;
}

async function* toChunks(input: string | Buffer | NodeJS.ReadableStream): AsyncGenerator<Buffer> {
  if (typeof input === 'string' || Buffer.isBuffer(input)) {
    const buffer = typeof input === 'string' ? Buffer.from(input, 'utf8') : input;
    for (let offset = 0; offset < buffer.length; offset += SLICE_BYTES) yield buffer.subarray(offset, offset + SLICE_BYTES);
    return;
  }
  for await (const chunk of input) yield typeof chunk === 'string' ? Buffer.from(chunk, 'utf8') : chunk;
}

/** Hashes and counts the raw bytes, rejects binary content, and has the scanner check the caps. */
async function* inspectBytes(chunks: AsyncIterable<Buffer>, hash: Hash, size: { bytes: number }, scanner: CsvByteScanner): AsyncGenerator<Buffer> {
  for await (const chunk of chunks) {
    hash.update(chunk);
    size.bytes += chunk.length;
    if (chunk.includes(0)) throw notText('it contains NUL bytes');
    scanner.scan(chunk);
    yield chunk;
  }
  scanner.end();
}

/** Takes chunks until the scanner knows the record delimiter (or the input ends), and returns them. */
async function readToDelimiter(chunks: AsyncIterator<Buffer>, scanner: CsvByteScanner): Promise<Buffer[]> {
  const head: Buffer[] = [];
  while (scanner.recordDelimiter === null) {
    const next = await chunks.next();
    if (next.done) break;
    head.push(next.value);
  }
  return head;
}

async function* prepend(head: Buffer[], rest: AsyncIterable<Buffer>): AsyncGenerator<Buffer> {
  yield* head;
  yield* rest;
}

/** With no line break outside quotes there is no delimiter to find: any given one reads the same. */
const recordDelimiterOf = (scanner: CsvByteScanner) => scanner.recordDelimiter ?? '\n';

/** Decodes UTF-8 (dropping a BOM), rejecting invalid text. */
async function* decodeText(chunks: AsyncIterable<Buffer>): AsyncGenerator<string> {
  const decoder = new TextDecoder('utf-8', { fatal: true });
  for await (const chunk of chunks) {
    let text: string;
    try {
      text = decoder.decode(chunk, { stream: true });
    } catch {
      throw notText('it is not valid UTF-8 text');
    }
    if (text !== '') yield text;
  }
  try {
    const rest = decoder.decode();
    if (rest !== '') yield rest;
  } catch {
    throw notText('it ends in the middle of a UTF-8 character');
  }
}

function notText(reason: string): TabulaError {
  return invalidCsv(`The file does not look like a CSV text file: ${reason}.`, {
    hint: `${CSV_HINT} Spreadsheets (.xlsx) must be exported as CSV (UTF-8) first.`,
  });
}

function toCsvError(error: unknown, lineOffset: number, nColumns: number): unknown {
  if (error instanceof TabulaError) return error;
  const code = (error as { code?: unknown } | null)?.code;
  if (code === 'CSV_RECORD_INCONSISTENT_FIELDS_LENGTH') {
    const { lines, record, message } = error as { lines?: number; record?: unknown[]; message: string };
    const line = (lines ?? 0) + lineOffset;
    const found = record?.length ?? 0;
    // The synchronous parser fails before any record is handed over, so the header's width comes from its message.
    nColumns ||= Number(/expect (\d+)/.exec(message)?.[1] ?? 0);
    return invalidCsv(`Line ${line} has ${found} cells but the header has ${nColumns} columns.`, {
      hint: 'Give every row one cell per header column; quote cells that contain commas, e.g. "Smith, J".',
      details: [{ path: `line ${line}`, message: `expected ${nColumns} cells, found ${found}` }],
    });
  }
  if (typeof code === 'string' && code.startsWith('CSV_')) {
    // csv-parse counts lines from the start of the text it saw, which may be a block of the file.
    const message = (error as Error).message.replace(/\bline (\d+)/g, (_, line: string) => `line ${Number(line) + lineOffset}`);
    return invalidCsv(`The CSV could not be parsed: ${message}.`, {
      hint: 'Check the quotes near that line: a quoted cell must end with a quote followed by a comma or a line break.',
      cause: error,
    });
  }
  return error;
}
