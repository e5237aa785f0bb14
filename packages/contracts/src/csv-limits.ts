import { TabulaError } from './errors.js';
import { z } from './z.js';

const MB = 1024 * 1024;

/**
 * Settings that bound the parts of a CSV the reader must hold whole before it can judge them: the
 * header line (read before any row) and one cell (a string in memory). Both are checked on the raw
 * bytes as they arrive, so a file past them is refused before that memory is spent. The trainer and
 * the predictor read them from the environment through this one schema.
 */
export const CsvSizeEnvSchema = z.object({
  /**
   * Bytes of the header line. 1 MB holds 2,000 columns (MAX_COLUMNS' default) with names of 500
   * bytes each; it is also what the predictor accepted as a first line before this setting, and
   * each block of a scored upload (256 KB) carries the header, so a larger one mostly costs time.
   */
  MAX_HEADER_BYTES: z.coerce.number().int().positive().default(MB),
  /**
   * Bytes of one cell as sent (quotes included). A cell is one value: 1 MB is eight times the
   * largest cell a spreadsheet exports (Excel's 32,767 characters, at most 4 bytes each in UTF-8),
   * and far below the 512 MB past which V8 cannot hold a string at all.
   */
  MAX_CELL_BYTES: z.coerce.number().int().positive().default(MB),
});
export type CsvSizeEnv = z.infer<typeof CsvSizeEnvSchema>;

export interface CsvSizeLimits {
  maxHeaderBytes: number;
  maxCellBytes: number;
}

export const csvSizeLimitsOf = (env: CsvSizeEnv): CsvSizeLimits => ({
  maxHeaderBytes: env.MAX_HEADER_BYTES,
  maxCellBytes: env.MAX_CELL_BYTES,
});

/** "1 MB", "64 KB" or "1000 bytes": caps are set in bytes, and read best in the largest whole unit. */
const sizeOf = (bytes: number): string =>
  bytes >= MB && bytes % MB === 0 ? `${bytes / MB} MB` : bytes >= 1024 && bytes % 1024 === 0 ? `${bytes / 1024} KB` : `${bytes} bytes`;

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
 * columns counted so far (`isComplete` false), a lower bound.
 */
export const tooManyColumns = (nColumns: number, maxColumns: number, isComplete = true) =>
  new TabulaError('PAYLOAD_TOO_LARGE', `The CSV has ${isComplete ? '' : 'at least '}${nColumns} columns; the limit is ${maxColumns}.`, {
    hint: `Drop columns before uploading so that at most ${maxColumns} remain.`,
    details: [{ path: 'MAX_COLUMNS', message: `${isComplete ? '' : '≥ '}${nColumns} > ${maxColumns}` }],
  });
