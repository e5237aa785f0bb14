import { DEFAULT_CSV_DIALECT, cellTooLarge, headerTooLarge, tooManyColumns, type CsvDialect } from '@tabula/contracts';

/** The record delimiters a CSV may use; the first line break outside quotes decides. */
export type RecordDelimiter = '\r\n' | '\n' | '\r';

export interface CsvByteLimits {
  /** Bytes up to the end of the header line (blank lines before it included). */
  maxHeaderBytes?: number;
  /** Columns of the header line. */
  maxColumns?: number;
  /** Bytes of one cell as sent, quotes included. */
  maxCellBytes?: number;
  /** Added to line numbers in errors, when the bytes are a block cut from a larger file. */
  lineOffset?: number;
}

/**
 * Where records ended in the chunk scan() read last, for a reader that cuts a file into blocks of
 * whole records (the predictor). A record ends at an LF outside quotes after a line with content;
 * a line of only spaces, tabs and CRs is blank. Offsets are into that chunk; -1 when none ended.
 */
export interface RecordEnds {
  /** LF bytes in the chunk, quoted ones included, as an editor counts lines. */
  nLineBreaks: number;
  /** Records that ended in the chunk. */
  nRecords: number;
  /** Just past the LF that ended the first of them, and the LF bytes up to it (included). */
  firstEnd: number;
  nLineBreaksToFirst: number;
  /** The same for the last of them. */
  lastEnd: number;
  nLineBreaksToLast: number;
}

const LF = 0x0a;
const CR = 0x0d;
const SPACE = 0x20;
const TAB = 0x09;
const FORM_FEED = 0x0c;

/**
 * Reads the raw bytes of a CSV as they arrive, ahead of the parser, for what the parser should not
 * have to find out itself: the record delimiter, and a header or a cell past its cap.
 *
 * The record reader (CsvRecordReader) is handed the delimiter found here rather than guessing it.
 * The caps are checked on the bytes, so a 100 MB header or cell is refused once it passes its cap,
 * before it is buffered, and never becomes a string (V8 cannot make one past 512 MB).
 *
 * Quotes are followed as the reader follows them: each quote toggles, so an escaped "" toggles
 * twice; a misplaced one stops the reader with its own error at that byte. A line of only
 * whitespace before the header is blank, as the reader skips it.
 *
 * This is the one loop in the project that follows CSV quotes over bytes: given isFindingRecords, the
 * same pass over the cells also finds where records end (see RecordEnds), which is how the predictor
 * cuts an upload into blocks.
 */
export class CsvByteScanner {
  /** The first CR or LF outside quotes (CRLF when an LF follows the CR); null until seen. */
  recordDelimiter: RecordDelimiter | null = null;
  /** Set once the header line has ended: a record delimiter after content, outside quotes. */
  isHeaderDone = false;
  /** Fields of the header line counted so far: exact once isHeaderDone. */
  nColumns = 1;
  /** Given isFindingRecords: where records ended in the last chunk scanned. */
  readonly recordEnds: RecordEnds = { nLineBreaks: 0, nRecords: 0, firstEnd: -1, nLineBreaksToFirst: 0, lastEnd: -1, nLineBreaksToLast: 0 };
  /** Given isFindingRecords: whether a record has content since the last record end (at the input's end, a last record). */
  hasOpenRecord = false;

  private readonly limits: CsvByteLimits;
  private readonly isFindingRecords: boolean;
  /** The dialect's delimiter and quote bytes (-1: no quoting). */
  private readonly delimiter: number;
  private readonly quote: number;
  private bytesSeen = 0;
  /** The first line break was a CR at the end of a chunk: the next byte tells CR from CRLF. */
  private isCrPending = false;
  /** The byte that ends a record once the delimiter is known (the LF of a CRLF); -1 before. */
  private eol = -1;
  /** Whether the last byte of the previous chunk was a CR: with CRLF, an LF ends a record only after one. */
  private wasCr = false;
  // The header's own state.
  private isInHeaderQuotes = false;
  private lineHasContent = false;
  // The cells' state, over every byte (the header's included).
  private isInQuotes = false;
  /** Bytes of the open cell that lay in earlier chunks. */
  private cellCarry = 0;
  private line = 1;
  private cellLine = 1;
  private column = 1;

  /**
   * @param options.isFindingRecords fill recordEnds on every scan(), in the pass that measures cells.
   * @param options.dialect the delimiter and quote to follow (default: comma and double quote).
   */
  constructor(limits: CsvByteLimits = {}, options: { isFindingRecords?: boolean; dialect?: CsvDialect } = {}) {
    const dialect = options.dialect ?? DEFAULT_CSV_DIALECT;
    this.limits = limits;
    this.isFindingRecords = options.isFindingRecords ?? false;
    this.delimiter = dialect.delimiter.charCodeAt(0);
    this.quote = dialect.quote === null ? -1 : dialect.quote.charCodeAt(0);
  }

  /** Whether the bytes hold a double quote at all. memchr-fast. */
  static hasQuotes(bytes: Buffer): boolean {
    return bytes.includes(0x22);
  }

  /** Whether scan() has anything left to do: find the header's end, measure cells, or find records. */
  get isWatching(): boolean {
    return !this.isHeaderDone || this.limits.maxCellBytes !== undefined || this.isFindingRecords;
  }

  /** Reads the next chunk; throws PAYLOAD_TOO_LARGE as soon as a cap is passed. */
  scan(chunk: Uint8Array): void {
    if (this.isFindingRecords) resetRecordEnds(this.recordEnds);
    if (chunk.length === 0 || !this.isWatching) return;
    if (this.isCrPending) this.settleCr(chunk[0]);
    if (!this.isHeaderDone) this.scanHeader(chunk);
    if (this.limits.maxCellBytes !== undefined || this.isFindingRecords) this.scanBody(chunk, this.limits.maxCellBytes ?? Number.POSITIVE_INFINITY);
    this.bytesSeen += chunk.length;
    this.wasCr = chunk[chunk.length - 1] === CR;
  }

  /** At the end of the input: a CR that was its last byte is a delimiter of its own. */
  end(): void {
    if (this.isCrPending) this.settleCr(-1);
  }

  /** Finds the delimiter, the header's end and its columns, stopping at the header cap. */
  private scanHeader(chunk: Uint8Array): void {
    const { maxHeaderBytes, maxColumns } = this.limits;
    const { delimiter, quote } = this;
    // Never read past the header cap, even in a large buffer already in memory.
    const stop = maxHeaderBytes === undefined ? chunk.length : Math.min(chunk.length, maxHeaderBytes - this.bytesSeen);
    let i = 0;
    for (; i < stop && !this.isHeaderDone; i++) {
      const byte = chunk[i];
      if (byte === quote) {
        this.isInHeaderQuotes = !this.isInHeaderQuotes;
        this.lineHasContent = true;
      } else if ((byte === LF || byte === CR) && !this.isInHeaderQuotes) {
        if (this.recordDelimiter === null) {
          if (byte === CR && i + 1 === chunk.length) {
            this.isCrPending = true;
            continue;
          }
          this.setDelimiter(byte === LF ? '\n' : chunk[i + 1] === LF ? '\r\n' : '\r');
        }
        if (byte === this.eol && (this.recordDelimiter !== '\r\n' || (i > 0 ? chunk[i - 1] === CR : this.wasCr))) this.endHeaderLine();
      } else if (byte === delimiter && !this.isInHeaderQuotes) {
        this.nColumns++;
        this.lineHasContent = true;
      } else if (byte !== SPACE && byte !== TAB && byte !== FORM_FEED && byte !== CR && byte !== LF) {
        this.lineHasContent = true;
      }
    }
    // Past the cap, the count goes on only to the end of the chunk in hand, so it may be a lower bound.
    if (maxColumns !== undefined && this.nColumns > maxColumns) throw tooManyColumns(this.nColumns, maxColumns, this.isHeaderDone);
    // A CR at the cap may still end the header, if no LF follows it.
    if (!this.isHeaderDone && !this.isCrPending && maxHeaderBytes !== undefined && this.bytesSeen + i >= maxHeaderBytes) throw headerTooLarge(maxHeaderBytes);
  }

  /**
   * Measures every cell (only quotes, commas and the record delimiter matter) and, given
   * isFindingRecords, finds the record ends in the same pass. Whether a line had content is looked up
   * backwards from its LF, where a line's last byte is nearly always content, rather than tracked on
   * every byte: that keeps the loop as short as the cells alone need.
   */
  private scanBody(chunk: Uint8Array, maxCellBytes: number): void {
    const { eol, delimiter, quote } = this;
    const isCrLf = this.recordDelimiter === '\r\n';
    const isMeasuring = maxCellBytes !== Number.POSITIVE_INFINITY;
    const isFindingRecords = this.isFindingRecords;
    const ends = this.recordEnds;
    let isInQuotes = this.isInQuotes;
    let nLineBreaks = 0;
    /** Where the current line began in this chunk: just past the last LF outside quotes. */
    let lineStart = 0;
    let cellStart = 0;
    for (let i = 0; i < chunk.length; i++) {
      const byte = chunk[i];
      if (byte === quote) {
        isInQuotes = !isInQuotes;
      } else if (byte === LF || byte === eol) {
        if (byte === LF && isFindingRecords) {
          nLineBreaks++;
          if (!isInQuotes) {
            if (this.hasContent(chunk, lineStart, i)) this.addRecordEnd(i + 1, nLineBreaks);
            lineStart = i + 1;
            this.hasOpenRecord = false;
          }
        }
        if (byte !== eol) continue;
        this.line++;
        if (isInQuotes || !isMeasuring || (isCrLf && !(i > 0 ? chunk[i - 1] === CR : this.wasCr))) continue;
        this.checkCell(this.cellCarry + i - cellStart, maxCellBytes);
        this.cellCarry = 0;
        cellStart = i + 1;
        this.cellLine = this.line;
        this.column = 1;
      } else if (byte === delimiter) {
        if (isInQuotes || !isMeasuring) continue;
        this.checkCell(this.cellCarry + i - cellStart, maxCellBytes);
        this.cellCarry = 0;
        cellStart = i + 1;
        this.column++;
      }
    }
    this.isInQuotes = isInQuotes;
    if (isFindingRecords) {
      ends.nLineBreaks = nLineBreaks;
      this.hasOpenRecord = this.hasContent(chunk, lineStart, chunk.length);
    }
    if (!isMeasuring) return;
    this.cellCarry += chunk.length - cellStart;
    // An open cell is refused once it has passed the cap, not when (if ever) it ends.
    this.checkCell(this.cellCarry, maxCellBytes);
  }

  /** Whether the line has content in chunk[start, end) or, when it began in an earlier chunk, there. */
  private hasContent(chunk: Uint8Array, start: number, end: number): boolean {
    for (let j = end - 1; j >= start; j--) {
      const byte = chunk[j];
      // LF here can only be a quoted one, and its quote is content further back.
      if (byte !== SPACE && byte !== TAB && byte !== CR && byte !== LF) return true;
    }
    return start === 0 && this.hasOpenRecord;
  }

  private addRecordEnd(end: number, nLineBreaks: number): void {
    const ends = this.recordEnds;
    if (ends.nRecords++ === 0) {
      ends.firstEnd = end;
      ends.nLineBreaksToFirst = nLineBreaks;
    }
    ends.lastEnd = end;
    ends.nLineBreaksToLast = nLineBreaks;
  }

  /** Decides a CR left pending at a chunk's end by the byte after it (-1 at the end of the input). */
  private settleCr(next: number): void {
    this.isCrPending = false;
    // A CRLF's LF is read as the line's end by the header loop, like any other.
    if (next === LF) return this.setDelimiter('\r\n');
    this.setDelimiter('\r');
    this.endHeaderLine();
    // The cell loop passed that CR before it knew it for a delimiter: the cell it ended was measured
    // with it, and the next one starts here.
    this.cellCarry = 0;
    this.line++;
    this.cellLine = this.line;
    this.column = 1;
  }

  private setDelimiter(delimiter: RecordDelimiter): void {
    this.recordDelimiter = delimiter;
    this.eol = delimiter === '\r' ? CR : LF;
  }

  /** A record delimiter before the header's end: the header's end after content, else a blank line. */
  private endHeaderLine(): void {
    if (this.lineHasContent) this.isHeaderDone = true;
    else this.nColumns = 1;
  }

  private checkCell(bytes: number, maxCellBytes: number): void {
    if (bytes > maxCellBytes) throw cellTooLarge(maxCellBytes, this.cellLine + (this.limits.lineOffset ?? 0), this.column);
  }
}

function resetRecordEnds(ends: RecordEnds): void {
  ends.nLineBreaks = 0;
  ends.nRecords = 0;
  ends.firstEnd = -1;
  ends.nLineBreaksToFirst = 0;
  ends.lastEnd = -1;
  ends.nLineBreaksToLast = 0;
}
