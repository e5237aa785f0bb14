import { TabulaError, type TabulaErrorOptions } from './tabula-error.js';

// The errors of a CSV's content and size: unreadable text, and the caps (MAX_HEADER_BYTES, MAX_CELL_BYTES,
// MAX_COLUMNS, the row and value limits) checked while it is read. Values that do not fit a model are in
// data-errors.ts.

const MB = 1024 * 1024;

/** "1 MB", "64 KB" or "1000 bytes": caps are set in bytes, and read best in the largest whole unit. */
const sizeOf = (bytes: number): string =>
  bytes >= MB && bytes % MB === 0 ? `${bytes / MB} MB` : bytes >= 1024 && bytes % 1024 === 0 ? `${bytes / 1024} KB` : `${bytes} bytes`;

/** 400 for a file that cannot be read as a CSV table; the message says where and why. */
export const invalidCsv = (message: string, options?: TabulaErrorOptions) =>
  new TabulaError('INVALID_CSV', message, options);

/** PAYLOAD_TOO_LARGE for a header line past MAX_HEADER_BYTES, thrown before the rest of it is read. */
export const headerTooLarge = (maxHeaderBytes: number) =>
  new TabulaError('PAYLOAD_TOO_LARGE', `The CSV header (its first line) is longer than ${sizeOf(maxHeaderBytes)}, the limit (MAX_HEADER_BYTES).`, {
    hint:
      'Send a CSV whose first line names the columns, one line per row: a file without line breaks is read as one long header. ' +
      'Drop columns or shorten their names, or raise MAX_HEADER_BYTES on the trainer and the predictor.',
    details: [{ path: 'MAX_HEADER_BYTES', message: `header line > ${maxHeaderBytes} bytes` }],
  });

/**
 * PAYLOAD_TOO_LARGE for one cell past MAX_CELL_BYTES, thrown as soon as the cell passes it. `line` is
 * the file line the cell starts on, `column` its 1-based position in the row.
 */
export const cellTooLarge = (maxCellBytes: number, line: number, column: number) =>
  new TabulaError(
    'PAYLOAD_TOO_LARGE',
    `The cell in column ${column} of line ${line} is longer than ${sizeOf(maxCellBytes)}, the limit (MAX_CELL_BYTES).`,
    {
      hint:
        'A cell holds one value. Check for a quote that is opened and never closed (it swallows the lines after it); ' +
        'otherwise remove or shorten the long values before uploading (columns_to_drop cannot help: cells are read first), or raise MAX_CELL_BYTES on the trainer and the predictor.',
      details: [{ path: `line ${line}, column ${column}`, message: `cell > ${maxCellBytes} bytes (MAX_CELL_BYTES)` }],
    },
  );

/**
 * PAYLOAD_TOO_LARGE for a CSV header past MAX_COLUMNS. A header refused before its end gives the
 * columns counted so far (`isComplete` false), a lower bound. `subject` names what was read when it
 * is not a CSV ("The Parquet file"): the same caps hold for every format.
 */
export const tooManyColumns = (nColumns: number, maxColumns: number, isComplete = true, subject = 'The CSV') =>
  new TabulaError('PAYLOAD_TOO_LARGE', `${subject} has ${isComplete ? '' : 'at least '}${nColumns} columns; the limit is ${maxColumns}.`, {
    hint: `Drop columns before uploading so that at most ${maxColumns} remain.`,
    details: [{ path: 'MAX_COLUMNS', message: `${isComplete ? '' : '≥ '}${nColumns} > ${maxColumns}` }],
  });

/** PAYLOAD_TOO_LARGE for a CSV past a row limit; also thrown by readers that count rows across blocks. */
export const tooManyRows = (maxRows: number, subject = 'The CSV') =>
  new TabulaError('PAYLOAD_TOO_LARGE', `${subject} has more than ${maxRows} data rows, the limit.`, {
    hint: `Send at most ${maxRows} rows, e.g. split the file or sample it.`,
  });

/** PAYLOAD_TOO_LARGE for a CSV whose rows × columns pass a limit on the values held in memory at once. */
export const tooManyValues = (maxValues: number, nColumns: number, subject = 'The CSV') =>
  new TabulaError(
    'PAYLOAD_TOO_LARGE',
    `${subject} has more than ${Math.floor(maxValues / nColumns)} data rows of ${nColumns} columns; the limit is ${maxValues} values (rows × columns).`,
    { hint: 'Send a random sample of the rows (a few thousand are plenty to judge drift or performance), or drop columns the model does not use.' },
  );
