import { DEFAULT_CSV_DIALECT, type CsvDialect } from '@tabula/contracts';
import type { RecordDelimiter } from './csv-byte-scanner.js';
import { csvQuoteError, raggedRow } from './csv-errors.js';
import { ESCAPED, NUMBER, QUOTED, type CsvTable, type RecordFields } from './csv-table.js';
import { scanNumber, scanned } from './parse-number-bytes.js';

const LF = 0x0a;
const CR = 0x0d;

/**
 * The record loop: one pass over UTF-8 bytes that finds the fields of each record (quotes, the
 * delimiter, trimming outside quotes, blank lines) as csv-parse did with `ltrim`, `rtrim` and
 * `skip_empty_lines`, and hands whole records to a CsvTable, which turns cells into values. A
 * record never becomes an array of strings: fields are offsets into the bytes, so a numeric cell
 * goes from bytes to a number directly (see parseNumberBytes).
 *
 * read() takes whatever bytes are at hand and returns where the last whole record ended; a caller
 * streaming a file keeps the rest and hands it back with the next chunk.
 */
export class CsvRecordReader implements RecordFields {
  readonly table: CsvTable;
  /** 1-based line of the next byte read, for messages. */
  private line = 1;
  private readonly lineOffset: number;
  private readonly delimiter: number;
  private readonly quote: number;
  private readonly decimal: number;
  private eol = LF;
  /** With CRLF, an LF ends a record only after a CR; a lone LF is data (or, outside a cell, space). */
  private isCrLf = false;
  private isBomChecked = false;
  // The fields of the record being read: start, end and flags, reused from record to record.
  // Offsets into a Buffer, which Node caps at 4 GB.
  starts = new Uint32Array(64);
  ends = new Uint32Array(64);
  flags = new Uint8Array(64);
  /** The value of a field flagged NUMBER. */
  numbers = new Float64Array(64);
  nFields = 0;
  /** Record delimiters inside quoted fields of the record just scanned. */
  private quotedLines = 0;

  constructor(table: CsvTable, options: { dialect?: CsvDialect; lineOffset?: number } = {}) {
    const dialect = options.dialect ?? DEFAULT_CSV_DIALECT;
    this.table = table;
    this.lineOffset = options.lineOffset ?? 0;
    this.delimiter = dialect.delimiter.charCodeAt(0);
    this.quote = dialect.quote === null ? -1 : dialect.quote.charCodeAt(0);
    this.decimal = dialect.decimal.charCodeAt(0);
  }

  /** The record delimiter (see CsvByteScanner); a file without line breaks reads the same with any. */
  setRecordDelimiter(delimiter: RecordDelimiter | null): void {
    this.eol = delimiter === '\r' ? CR : LF;
    this.isCrLf = delimiter === '\r\n';
  }

  /**
   * Reads the whole records in bytes[start, end): all of them when isFinal (the input ends there),
   * else up to the last record delimiter. Returns the offset just past the last record read.
   */
  read(bytes: Buffer, isFinal: boolean, start = 0): number {
    let i = start;
    if (!this.isBomChecked) {
      if (bytes.length - i < 3 && !isFinal) return i;
      this.isBomChecked = true;
      if (bytes[i] === 0xef && bytes[i + 1] === 0xbb && bytes[i + 2] === 0xbf) i += 3;
    }
    const table = this.table;
    while (i < bytes.length) {
      const next = this.scanRecord(bytes, i, isFinal);
      if (next < 0) break;
      const endLine = this.line + this.quotedLines;
      this.line = next <= bytes.length && bytes[next - 1] === this.eol && next > i ? endLine + 1 : endLine;
      if (!this.isBlank()) {
        if (table.columns !== null && this.nFields !== table.columns.length) {
          throw raggedRow(endLine + this.lineOffset, this.nFields, table.columns.length);
        }
        table.addRecord(bytes, this, i);
      }
      i = next;
    }
    return i;
  }

  /**
   * Reads again the record that starts at `start` (a data row read before), for a column that
   * turned out not to be numeric; its fields are then at fieldStart/fieldEnd/fieldFlags.
   */
  rescan(bytes: Buffer, start: number): RecordFields {
    this.scanRecord(bytes, start, true);
    return this;
  }

  /** A record of one unquoted field with nothing in it but spaces: a blank line, not a row. */
  private isBlank(): boolean {
    return this.nFields === 1 && this.flags[0] === 0 && this.starts[0] === this.ends[0];
  }

  /**
   * Finds the fields of the record at bytes[i]: returns the offset past its record delimiter (or
   * the input's end, when final), or -1 when the record is not whole in the bytes at hand.
   */
  private scanRecord(bytes: Buffer, i: number, isFinal: boolean): number {
    const end = bytes.length;
    const delimiter = this.delimiter;
    const quote = this.quote;
    const eol = this.eol;
    const isCrLf = this.isCrLf;
    let nFields = 0;
    this.quotedLines = 0;
    for (;;) {
      let byte = 0;
      // Spaces outside quotes are not part of a cell (csv-parse's ltrim).
      while (i < end) {
        byte = bytes[i];
        if (byte === delimiter || (byte === eol && (!isCrLf || bytes[i - 1] === CR)) || !isTrimmed(byte)) break;
        i++;
      }
      if (nFields === this.starts.length) this.grow();
      if (i < end && byte === quote) {
        const start = i + 1;
        let flags = QUOTED;
        let close = start;
        for (;;) {
          close = bytes.indexOf(quote, close);
          if (close < 0) {
            if (!isFinal) return -1;
            throw csvQuoteError(`Quote Not Closed: the parsing is finished with an opening quote at line ${this.line + this.lineOffset}`);
          }
          if (close + 1 === end && !isFinal) return -1;
          if (bytes[close + 1] !== quote) break;
          flags |= ESCAPED;
          close += 2;
        }
        for (let j = start; j < close; j++) if (bytes[j] === eol) this.quotedLines++;
        i = close + 1;
        while (i < end) {
          byte = bytes[i];
          if (byte === delimiter || (byte === eol && (!isCrLf || bytes[i - 1] === CR)) || !isTrimmed(byte)) break;
          i++;
        }
        if (i === end && !isFinal) return -1;
        if (i < end && byte !== delimiter && byte !== eol) {
          const got = String.fromCharCode(byte);
          throw csvQuoteError(
            `Invalid Closing Quote: got "${got}" at line ${this.line + this.quotedLines + this.lineOffset} instead of delimiter, record delimiter, trimable character (if activated) or comment`,
          );
        }
        this.starts[nFields] = start;
        this.ends[nFields] = close;
        this.flags[nFields++] = flags;
      } else if (this.isNumberAt(bytes, i, nFields, isFinal)) {
        i = this.ends[nFields++];
        if (i < end && bytes[i] === CR) i++;
      } else {
        const start = i;
        while (i < end) {
          byte = bytes[i];
          if (byte === delimiter || (byte === eol && (!isCrLf || bytes[i - 1] === CR))) break;
          if (byte === quote) {
            const value = bytes.toString('utf8', start, i);
            throw csvQuoteError(`Invalid Opening Quote: a quote is found on field ${nFields} at line ${this.line + this.lineOffset}, value is "${value}"`);
          }
          i++;
        }
        if (i === end && !isFinal) return -1;
        let stop = i;
        while (stop > start && isTrimmed(bytes[stop - 1])) stop--;
        this.starts[nFields] = start;
        this.ends[nFields] = stop;
        this.flags[nFields++] = 0;
      }
      this.nFields = nFields;
      if (i === end) return end;
      if (bytes[i] === delimiter) {
        i++;
        continue;
      }
      return i + 1;
    }
  }

  /**
   * For a column read as numbers: whether the field at bytes[i] is a number that ends the cell (a
   * delimiter, record delimiter or the input's end follows it), read exactly in this one pass; if
   * so it is stored, ending where the number does. Anything else is read as a cell is.
   */
  private isNumberAt(bytes: Buffer, i: number, field: number, isFinal: boolean): boolean {
    const tryNumbers = this.table.tryNumbers;
    if (field >= tryNumbers.length || tryNumbers[field] === 0) return false;
    const stop = scanNumber(bytes, i, bytes.length, this.decimal);
    if (stop < 0 || !scanned.isExact) return false;
    const next = stop < bytes.length ? bytes[stop] : -1;
    const isCellEnd =
      next === this.delimiter ||
      (next === this.eol && !this.isCrLf) ||
      (next === CR && this.isCrLf && bytes[stop + 1] === LF) ||
      (next === -1 && isFinal);
    if (!isCellEnd) return false;
    this.starts[field] = i;
    this.ends[field] = stop;
    this.flags[field] = NUMBER;
    this.numbers[field] = scanned.value;
    return true;
  }

  private grow(): void {
    const size = this.starts.length * 2;
    const starts = new Uint32Array(size);
    const ends = new Uint32Array(size);
    const flags = new Uint8Array(size);
    const numbers = new Float64Array(size);
    numbers.set(this.numbers);
    starts.set(this.starts);
    ends.set(this.ends);
    flags.set(this.flags);
    this.starts = starts;
    this.ends = ends;
    this.flags = flags;
    this.numbers = numbers;
  }
}

/** The bytes csv-parse trims around a cell outside quotes: space, tab, CR, LF (not the delimiter), form feed. */
function isTrimmed(byte: number): boolean {
  return byte === 0x20 || byte === 0x09 || byte === CR || byte === LF || byte === 0x0c;
}
