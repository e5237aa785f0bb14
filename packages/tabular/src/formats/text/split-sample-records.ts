/**
 * The records of a text sample as the CSV reader would cut them with one delimiter: cells split
 * outside quotes, a quote opening a cell only at its start (after spaces) and "" standing for a
 * quote inside one, lines ended by LF, CRLF or CR, blank lines (empty or spaces only) skipped.
 * With `isWhole` false the sample was cut from a longer file, so a last record with no line end
 * after it (or a quoted cell still open) may be partial and is dropped. Cells are returned
 * untrimmed and unquoted. For detection on the first kilobytes only: it builds strings.
 */
export function splitSampleRecords(sample: string, delimiter: string, quote: string | null, isWhole: boolean): string[][] {
  const records: string[][] = [];
  let cells: string[] = [];
  let cell = '';
  let isQuoted = false;
  let isInQuotes = false;
  const endCell = () => {
    cells.push(cell);
    cell = '';
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
      else isInQuotes = false;
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
      cell += char;
    }
  }
  if (isWhole && !isInQuotes && (cells.length > 0 || cell !== '' || isQuoted)) endRecord();
  return records;
}
