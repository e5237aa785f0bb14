import { isUtf8 } from 'node:buffer';
import { createReadStream } from 'node:fs';
import { DEFAULT_CSV_DIALECT, type CsvDialect } from '@tabula/contracts';
import { notText } from './csv-errors.js';
import { CsvByteScanner, type CsvByteLimits } from './csv-byte-scanner.js';
import { CsvRecordReader } from './csv-record-reader.js';
import { CsvTable, type ColumnKind } from './csv-table.js';
import { ByteDigest } from '../byte-digest.js';
import type { Frame } from '../frame.js';

/** Limits on the header and cells (checked on the bytes, see CsvByteScanner), rows and values, and how to read the cells. */
export interface CsvOptions extends CsvByteLimits {
  maxRows?: number;
  /** Values (data rows × columns) a parsed frame may hold: bounds its memory, about 35 bytes a value. */
  maxValues?: number;
  /** How the file is written (default: comma-separated, double quotes, decimal point, the default missing tokens). */
  dialect?: CsvDialect;
  /**
   * How each column's cells become values (default 'text' for all: trimmed strings and null). See
   * ColumnKind; 'infer' needs the input whole and reads as 'text' in parseCsv.
   */
  columnKind?: (name: string) => ColumnKind;
}

/** A parsed CSV with the size and SHA-256 of the bytes it was read from (BOM included). */
export interface ParsedCsv extends Frame {
  bytes: number;
  sha256: string;
}

const SLICE_BYTES = 64 * 1024;

/** Parses a CSV file as a stream, hashing the bytes as they are read. */
export function parseCsvFile(path: string, options: CsvOptions = {}): Promise<ParsedCsv> {
  return parseCsv(createReadStream(path), options);
}

/**
 * Parses CSV text into a frame of trimmed strings and nulls (see normalizeCell), or numbers where
 * options.columnKind says so. Throws INVALID_CSV for empty, binary or ragged input, or bad header
 * names, and PAYLOAD_TOO_LARGE past the limits, naming the line and the fix. Memory beyond the
 * frame is one chunk and the record it ends in.
 */
export async function parseCsv(input: string | Buffer | NodeJS.ReadableStream, options: CsvOptions = {}): Promise<ParsedCsv> {
  const digest = new ByteDigest();
  const frame = await readCsvChunks(digest.tap(toChunks(input)), options);
  return { ...frame, ...digest.result() };
}

/**
 * parseCsv's reading, for a caller that identifies the file itself (readTableFile hashes the bytes as
 * uploaded, before they are unpacked or transcoded into the text read here).
 */
export async function readCsvChunks(input: AsyncIterable<Uint8Array>, options: CsvOptions = {}): Promise<Frame> {
  const dialect = options.dialect ?? DEFAULT_CSV_DIALECT;
  const scanner = new CsvByteScanner(options, { dialect });
  const table = new CsvTable({ dialect, limits: options, kindOf: options.columnKind });
  const reader = new CsvRecordReader(table, { dialect, lineOffset: options.lineOffset });
  const chunks = inspectBytes(input, scanner);
  /** Bytes after the last whole record read, waiting for the rest of their record. */
  let rest: Buffer[] = [];
  let restBytes = 0;
  /** Bytes the reader last saw without a whole record in them: read again only once the input doubles. */
  let unreadBytes = 0;
  for await (const chunk of chunks) {
    rest.push(chunk);
    restBytes += chunk.length;
    // The first line break tells the record delimiter; the scanner's header cap bounds the bytes before it.
    if (scanner.recordDelimiter === null || restBytes < 2 * unreadBytes) continue;
    const bytes = rest.length === 1 ? rest[0] : Buffer.concat(rest, restBytes);
    reader.setRecordDelimiter(scanner.recordDelimiter);
    const end = readWholeRecords(reader, bytes, false);
    rest = end < bytes.length ? [bytes.subarray(end)] : [];
    restBytes = bytes.length - end;
    unreadBytes = restBytes;
  }
  const bytes = Buffer.concat(rest, restBytes);
  reader.setRecordDelimiter(scanner.recordDelimiter);
  readWholeRecords(reader, bytes, true);
  return table.finish();
}

/**
 * parseCsv for bytes already in memory (a block of an upload), in one synchronous call: for small
 * inputs the stream machinery of parseCsv costs more than the parsing. Columns may be 'infer'.
 */
export function parseCsvBytes(bytes: Uint8Array, options: CsvOptions = {}): Frame {
  const buffer = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  if (buffer.includes(0)) throw notText('it contains NUL bytes');
  if (!isUtf8(buffer)) throw notText('it is not valid UTF-8 text');
  const dialect = options.dialect ?? DEFAULT_CSV_DIALECT;
  const scanner = new CsvByteScanner(options, { dialect });
  scanner.scan(buffer);
  scanner.end();
  const table = new CsvTable({ dialect, limits: options, kindOf: options.columnKind });
  const reader = new CsvRecordReader(table, { dialect, lineOffset: options.lineOffset });
  table.allowRescan((start) => reader.rescan(buffer, start));
  reader.setRecordDelimiter(scanner.recordDelimiter);
  reader.read(buffer, true);
  return table.finish();
}

/** Reads the whole records in bytes (all of them when final), after checking that they are UTF-8. */
function readWholeRecords(reader: CsvRecordReader, bytes: Buffer, isFinal: boolean): number {
  const end = reader.read(bytes, isFinal);
  // Records end at ASCII bytes, so a whole record holds whole characters; the rest is checked with its record.
  if (!isUtf8(bytes.subarray(0, end))) throw notText('it is not valid UTF-8 text');
  return end;
}

async function* toChunks(input: string | Buffer | NodeJS.ReadableStream): AsyncGenerator<Buffer> {
  if (typeof input === 'string' || Buffer.isBuffer(input)) {
    const buffer = typeof input === 'string' ? Buffer.from(input, 'utf8') : input;
    for (let offset = 0; offset < buffer.length; offset += SLICE_BYTES) yield buffer.subarray(offset, offset + SLICE_BYTES);
    return;
  }
  for await (const chunk of input) yield typeof chunk === 'string' ? Buffer.from(chunk, 'utf8') : chunk;
}

/** Rejects binary content and has the scanner check the caps, as the bytes go to the reader. */
async function* inspectBytes(chunks: AsyncIterable<Uint8Array>, scanner: CsvByteScanner): AsyncGenerator<Buffer> {
  for await (const bytes of chunks) {
    const chunk = Buffer.isBuffer(bytes) ? bytes : Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
    if (chunk.includes(0)) throw notText('it contains NUL bytes');
    scanner.scan(chunk);
    yield chunk;
  }
  scanner.end();
}
