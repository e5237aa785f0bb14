/** The records of a sample as one delimiter cuts them, and whether its quotes sit where a reader takes them. */
export interface SampleRecords {
  records: string[][];
  /**
   * Whether a quote stands where the CSV reader refuses one with this delimiter: text after the
   * closing quote of a cell (spaces before the delimiter aside), or a quote inside an unquoted cell.
   * `"a";"b, c"` cut at commas does both, which tells a semicolon file from a comma file even when
   * the cells count alike.
   */
  hasStrayQuote: boolean;
}

/**
 * The records of a text sample as the CSV reader would cut them with one delimiter: cells split
 * outside quotes, a quote opening a cell only at its start (after spaces) and "" standing for a
 * quote inside one, lines ended by LF, CRLF or CR, blank lines (empty or spaces only) skipped.
 * With `isWhole` false the sample was cut from a longer file, so a last record with no line end
 * after it (or a quoted cell still open) may be partial and is dropped. Cells are returned
 * untrimmed and unquoted. For detection on the first kilobytes only: it builds strings.
 */
export function splitSampleRecords(sample: string, delimiter: string, quote: string | null, isWhole: boolean): SampleRecords {
  const records: string[][] = [];
  let hasStrayQuote = false;
  let cells: string[] = [];
  let cell = '';
  let isQuoted = false;
  let isInQuotes = false;
  /** The cell's closing quote has been read: only spaces may follow it. */
  let isClosed = false;
  const endCell = () => {
    cells.push(cell);
    cell = '';
    isClosed = false;
  };
  const endRecord = () => {
    endCell();
    const isBlank = cells.length === 1 && !isQuoted && cells[0].trim() === '';
    if (!isBlank) records.push(cells);
    cells = [];
    isQuoted = false;
  };
  for (let i = 0; i < sample.length; i++) {
    const char = sample[i];
    if (isInQuotes) {
      if (char !== quote) cell += char;
      else if (sample[i + 1] === quote) cell += sample[++i];
      else {
        isInQuotes = false;
        isClosed = true;
      }
    } else if (char === quote && !isQuoted && cell.trim() === '') {
      isInQuotes = true;
      isQuoted = true;
      cell = '';
    } else if (char === delimiter) {
      endCell();
      isQuoted = false;
    } else if (char === '\n' || char === '\r') {
      endRecord();
      if (char === '\r' && sample[i + 1] === '\n') i++;
    } else {
      if (char === quote || (isClosed && char !== ' ' && char !== '\t')) hasStrayQuote = true;
      cell += char;
    }
  }
  if (isWhole && !isInQuotes && (cells.length > 0 || cell !== '' || isQuoted)) endRecord();
  return { records, hasStrayQuote };
}
