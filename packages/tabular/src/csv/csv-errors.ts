import { invalidCsv, type TabulaError } from '@tabula/contracts';

export const CSV_HINT = 'Send a comma-separated UTF-8 text file whose first row names the columns.';

/** Bytes that are no text (NUL, invalid UTF-8): named with the fix. */
export function notText(reason: string): TabulaError {
  return invalidCsv(`The file does not look like a CSV text file: ${reason}.`, {
    hint: `${CSV_HINT} Spreadsheets (.xlsx) must be exported as CSV (UTF-8) first.`,
  });
}

/** A record with more or fewer cells than the header has columns. */
export function raggedRow(line: number, found: number, nColumns: number): TabulaError {
  return invalidCsv(`Line ${line} has ${found} cells but the header has ${nColumns} columns.`, {
    hint: 'Give every row one cell per header column; quote cells that contain commas, e.g. "Smith, J".',
    details: [{ path: `line ${line}`, message: `expected ${nColumns} cells, found ${found}` }],
  });
}

/** A misplaced or unclosed quote; the reason is worded as csv-parse worded it, which users have seen in answers. */
export function csvQuoteError(reason: string): TabulaError {
  return invalidCsv(`The CSV could not be parsed: ${reason}.`, {
    hint: 'Check the quotes near that line: a quoted cell must end with a quote followed by a comma or a line break.',
  });
}

export function emptyFile(): TabulaError {
  return invalidCsv('The file is empty: it has no header row and no data.', { hint: CSV_HINT });
}

export function headerOnly(columns: string): TabulaError {
  return invalidCsv(`The CSV has a header but no data rows (columns: ${columns}).`, { hint: 'Add at least one data row below the header.' });
}
