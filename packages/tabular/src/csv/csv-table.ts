import { DEFAULT_CSV_DIALECT, invalidCsv, tooManyColumns, tooManyRows, tooManyValues, type CsvDialect } from '@tabula/contracts';
import { MISSING_TOKENS, parseNumber, type RawValue } from './cell-value.js';
import { emptyFile, headerOnly } from './csv-errors.js';
import { parseNumberBytes } from './parse-number-bytes.js';
import type { Frame } from '../frame.js';

/**
 * How a column's cells become values. 'text': trimmed strings and null, as always. 'number': the
 * column is known to be numeric (a model's numeric feature): a number cell becomes a number, any
 * other cell its text, so a consumer that calls parseNumber gets the same and names the same bad
 * cell. 'infer': numbers while every cell is one; at the first cell that is not, the column is
 * read again as text, so its meaning never depends on having been numeric so far ("007" stays "007").
 */
export type ColumnKind = 'text' | 'number' | 'infer';

export interface CsvTableLimits {
  maxRows?: number;
  maxColumns?: number;
  maxValues?: number;
}

/** The fields of the record read last (CsvRecordReader): offsets into the bytes, flags, and the values of NUMBER fields. */
export interface RecordFields {
  starts: Uint32Array;
  ends: Uint32Array;
  flags: Uint8Array;
  numbers: Float64Array;
  nFields: number;
}

/** Reads a data row's fields again from its start offset (whole-input parses only). */
type Rescan = (start: number) => RecordFields;

/** Flags of a field: it was quoted; its text holds doubled (escaped) quotes. */
export const QUOTED = 1;
export const ESCAPED = 2;
/** An unquoted field read as a number in the record loop (see CsvRecordReader.isNumberAt). */
export const NUMBER = 4;

/** Rows the columns first have room for, before a row size is known. */
const INITIAL_ROWS = 1024;

const DECIMAL_COMMA = /^[+-]?(?:\d+,?\d*|,\d+)(?:[eE][+-]?\d+)?$/;

/** The frame being filled, one column array per header name; turns fields (byte offsets) into values. */
export class CsvTable {
  columns: string[] | null = null;
  values: RawValue[][] = [];
  nRows = 0;
  private kinds: ColumnKind[] = [];
  /** 1 for the columns whose unquoted cells the record loop tries to read as numbers. */
  tryNumbers = new Uint8Array(0);
  private readonly kindOf: (name: string) => ColumnKind;
  private readonly limits: CsvTableLimits;
  private readonly decimal: number;
  private readonly missing: ReadonlySet<string>;
  /** Whether a missing token reads as a number ("-999"): then number cells are checked against them too. */
  private readonly isMissingNumeric: boolean;
  /** The longest missing token: a longer cell is not one. */
  private readonly maxMissingLength: number;
  /** Start offsets of the data rows, kept when 'infer' columns may need reading again. */
  private rowStarts: Uint32Array | null = null;
  private rescan: Rescan | null = null;
  /**
   * Rows the column arrays have room for (see reserveRows), and where the first data row began. A
   * stream's columns are appended to instead (no room is ever reserved): from one chunk the rows of
   * the file cannot be estimated, and growing by copying in JavaScript cost more than V8's own growth.
   */
  private capacity = Number.POSITIVE_INFINITY;
  private firstRecordStart = 0;
  /** 1 for the columns that hold numbers only so far. */
  private hasOnlyNumbers = new Uint8Array(0);

  constructor(options: { dialect?: CsvDialect; limits?: CsvTableLimits; kindOf?: (name: string) => ColumnKind } = {}) {
    const dialect = options.dialect ?? DEFAULT_CSV_DIALECT;
    this.limits = options.limits ?? {};
    this.kindOf = options.kindOf ?? (() => 'text');
    this.decimal = dialect.decimal.charCodeAt(0);
    // The empty cell stays missing whatever the list says: it holds no value to read.
    this.missing = dialect.naValues === null ? MISSING_TOKENS : new Set(['', ...dialect.naValues.map((token) => token.trim())]);
    this.maxMissingLength = Math.max(...[...this.missing].map((token) => token.length));
    this.isMissingNumeric = [...this.missing].some((token) => parseNumber(token.replace(',', '.')) !== null);
  }

  /** Allows 'infer' columns, for input held whole: rows can then be read again, and counted ahead. */
  allowRescan(rescan: Rescan): void {
    this.capacity = 0;
    this.rowStarts = new Uint32Array(0);
    this.rescan = rescan;
  }

  addRecord(bytes: Buffer, record: RecordFields, recordStart: number): void {
    const { starts, ends, flags, numbers } = record;
    if (this.columns === null) return this.setHeader(bytes, starts, ends, flags, record.nFields);
    const nColumns = this.columns.length;
    const { maxRows, maxValues } = this.limits;
    const row = this.nRows;
    if (maxRows !== undefined && row >= maxRows) throw tooManyRows(maxRows);
    if (maxValues !== undefined && (row + 1) * nColumns > maxValues) throw tooManyValues(maxValues, nColumns);
    if (row === this.capacity) this.reserveRows(bytes.length, recordStart);
    const values = this.values;
    const isMissingNumeric = this.isMissingNumeric;
    let fallback: number[] | null = null;
    for (let col = 0; col < nColumns; col++) {
      const column = values[col];
      if (flags[col] === NUMBER && !isMissingNumeric) {
        column[row] = numbers[col];
        continue;
      }
      this.hasOnlyNumbers[col] = 0;
      const kind = this.kinds[col];
      if (kind === 'text' || (flags[col] & QUOTED) !== 0) {
        const cell = this.textCell(bytes, starts[col], ends[col], flags[col]);
        if (kind === 'text' || cell === null) column[row] = cell;
        else {
          const number = parseNumber(cell);
          column[row] = number ?? cell;
          if (number === null && kind === 'infer') (fallback ??= []).push(col);
        }
        continue;
      }
      const start = starts[col];
      const end = ends[col];
      const number = start === end ? null : parseNumberBytes(bytes, start, end, this.decimal);
      if (typeof number === 'number' && !(isMissingNumeric && this.missing.has(bytes.toString('latin1', start, end)))) {
        column[row] = number;
        continue;
      }
      const cell = number === null ? null : this.textCell(bytes, start, end, 0);
      column[row] = cell;
      if (cell !== null && kind === 'infer' && typeof number !== 'number') (fallback ??= []).push(col);
    }
    if (this.rowStarts !== null) this.rowStarts[row] = recordStart;
    this.nRows++;
    if (fallback !== null) for (const col of fallback) this.readAsText(bytes, col);
  }

  /** The parsed table as a frame, or INVALID_CSV when it has no header or no rows. */
  finish(): Frame {
    if (this.columns === null) throw emptyFile();
    if (this.nRows === 0) throw headerOnly(this.columns.join(', '));
    for (const column of this.values) column.length = this.nRows;
    return { columns: this.columns, nRows: this.nRows, values: this.values };
  }

  /** A cell as text: trimmed, missing tokens as null, a decimal comma made a point. */
  private textCell(bytes: Buffer, start: number, end: number, flags: number): string | null {
    let text = bytes.toString('utf8', start, end);
    if ((flags & ESCAPED) !== 0) text = text.replaceAll(String.fromCharCode(bytes[start - 1]).repeat(2), String.fromCharCode(bytes[start - 1]));
    // Trimmed as normalizeCell trims: quoted spaces, and the spaces the byte loop leaves (\v, and
    // Unicode ones, whose UTF-8 starts with a byte past 0x7f); an unquoted cell rarely has any.
    if (flags !== 0 || end === start || !isPlainEdge(bytes[start]) || !isPlainEdge(bytes[end - 1])) text = text.trim();
    if (text.length <= this.maxMissingLength && this.missing.has(text)) return null;
    return this.decimal === 0x2c && DECIMAL_COMMA.test(text) ? text.replace(',', '.') : text;
  }

  /**
   * Makes room for more rows: the columns are filled by index into arrays allocated ahead, as
   * pushing 20 million numbers one by one cost more than reading them. The row count is estimated
   * from the bytes per row so far and the bytes left in the input (held whole: usually one estimate
   * fits; else the columns grow by half). A column of only
   * numbers is filled with NaN, so that it stays an array of unboxed doubles; finish() cuts the
   * columns to the rows read.
   */
  private reserveRows(nBytes: number, recordStart: number): void {
    const row = this.nRows;
    if (row === 0) this.firstRecordStart = recordStart;
    const bytesPerRow = row === 0 ? 0 : Math.max(1, (recordStart - this.firstRecordStart) / row);
    const estimate = bytesPerRow === 0 ? 0 : row + Math.ceil(((nBytes - recordStart) / bytesPerRow) * 1.05) + 16;
    const { maxRows } = this.limits;
    let capacity = Math.max(INITIAL_ROWS, estimate, Math.ceil(this.capacity * 1.5));
    if (maxRows !== undefined) capacity = Math.min(capacity, maxRows);
    this.values = this.values.map((old, col) => {
      const column = new Array<RawValue>(capacity).fill(this.hasOnlyNumbers[col] === 1 ? Number.NaN : null);
      for (let idx = 0; idx < row; idx++) column[idx] = old[idx];
      return column;
    });
    if (this.rowStarts !== null) {
      const rowStarts = new Uint32Array(capacity);
      rowStarts.set(this.rowStarts.subarray(0, row));
      this.rowStarts = rowStarts;
    }
    this.capacity = capacity;
  }

  /** Reads column `col` of every row so far as text: a cell that is not a number was found in it. */
  private readAsText(bytes: Buffer, col: number): void {
    if (this.rescan === null || this.rowStarts === null) throw new RangeError("'infer' columns need the whole input (allowRescan)");
    this.kinds[col] = 'text';
    this.tryNumbers[col] = 0;
    const column = this.values[col];
    for (let row = 0; row < this.nRows - 1; row++) {
      if (column[row] === null) continue;
      const { starts, ends, flags } = this.rescan(this.rowStarts[row]);
      column[row] = this.textCell(bytes, starts[col], ends[col], flags[col]);
    }
    this.hasOnlyNumbers[col] = 0;
  }

  private setHeader(bytes: Buffer, starts: Uint32Array, ends: Uint32Array, flags: Uint8Array, nFields: number): void {
    const { maxColumns } = this.limits;
    if (maxColumns !== undefined && nFields > maxColumns) throw tooManyColumns(nFields, maxColumns);
    const names: string[] = [];
    for (let col = 0; col < nFields; col++) {
      let name = bytes.toString('utf8', starts[col], ends[col]);
      if ((flags[col] & ESCAPED) !== 0) name = name.replaceAll(String.fromCharCode(bytes[starts[col] - 1]).repeat(2), String.fromCharCode(bytes[starts[col] - 1]));
      names.push(name.trim());
    }
    checkHeader(names);
    this.columns = names;
    this.values = names.map(() => []);
    this.kinds = names.map((name) => (this.rescan === null && this.kindOf(name) === 'infer' ? 'text' : this.kindOf(name)));
    this.tryNumbers = Uint8Array.from(this.kinds, (kind) => (kind === 'text' ? 0 : 1));
    this.hasOnlyNumbers = this.tryNumbers.slice();
  }
}

/** A cell's first or last byte that JavaScript's trim() would not remove: ASCII, not a space nor \v. */
function isPlainEdge(byte: number): boolean {
  return byte < 0x80 && byte > 0x20;
}

function checkHeader(names: string[]): void {
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
}
