import { TabulaError } from './tabula-error.js';

// How a text upload is written (formats/text in @tabula/tabular): an encoding we do not read (415) and a
// delimiter or decimal separator the first bytes do not settle (422). Each says what was found and the
// csv_options value that forces the reading, as a curl -F argument the user can paste.

/** Where a bad byte sits: 0-based byte offset in the file, and its 1-based line when known. */
export interface TextPosition {
  offset: number;
  line?: number;
}

/** One delimiter the detection tried: the character, the cells it cuts the header into, and the lines cut alike. */
export interface DelimiterCandidate {
  delimiter: string;
  headerCells: number;
  /** Sampled lines (the header included) with as many cells as the header. */
  matchingLines: number;
}

// curl's -F cuts a value at ';' (its ;type= separator), so a value holding one goes with --form-string.
const forceWith = (json: string) => `${json.includes(';') ? '--form-string' : '-F'} 'csv_options=${json}'`;
const where = ({ offset, line }: TextPosition) => `at byte ${offset}${line === undefined ? '' : ` (line ${line})`}`;

/** ',' → comma (","), '\t' → tab ("\t"): the name a person knows and the JSON they would write. */
export const describeDelimiter = (delimiter: string): string => {
  const name = { ',': 'comma', ';': 'semicolon', '\t': 'tab', '|': 'pipe' }[delimiter];
  return name === undefined ? JSON.stringify(delimiter) : `${name} (${JSON.stringify(delimiter)})`;
};

/** 400, as the CSV reader has always answered: NUL bytes or other binary content. */
export const csvNotText = (reason: string) =>
  new TabulaError('INVALID_CSV', `The file does not look like a CSV text file: ${reason}.`, {
    hint: 'Send a comma-separated UTF-8 text file whose first row names the columns. Spreadsheets (.xlsx) must be exported as CSV (UTF-8) first.',
  });

/**
 * 415 for bytes that are not UTF-8 where UTF-8 was expected (detected, or forced). `bytes` is the bad
 * sequence in hex, e.g. "E9"; a single byte from 0x80 up is most often Latin-1 or Windows-1252 (Excel).
 */
export const textNotUtf8 = (position: TextPosition, bytes: string, isForced = false) =>
  new TabulaError(
    'UNSUPPORTED_ENCODING',
    `The file is not UTF-8 text${isForced ? ' (csv_options forced utf-8)' : ''}: byte 0x${bytes} ${where(position)} is not valid UTF-8.`,
    {
      hint:
        'Save the file as UTF-8 (Excel: "CSV UTF-8"), or name its encoding: a Western European export is usually windows-1252 or latin1, ' +
        `e.g. ${forceWith('{"encoding":"windows-1252"}')}.`,
      details: [{ path: `byte ${position.offset}`, message: `0x${bytes} is not valid UTF-8` }],
    },
  );

/** 415 for UTF-16 text with no byte order mark: every other byte is NUL. */
export const utf16WithoutBom = (encoding: 'utf-16le' | 'utf-16be') =>
  new TabulaError('UNSUPPORTED_ENCODING', `The file looks like ${encoding.toUpperCase()} text without a byte order mark: every other byte is NUL.`, {
    hint: `Save it as UTF-8, or with a byte order mark, or name the encoding: ${forceWith(`{"encoding":"${encoding}"}`)}.`,
  });

/**
 * 415 for UTF-16 (detected by its byte order mark, or forced) that does not decode; `reason` says how and
 * where, e.g. "an unpaired surrogate between bytes 4096 and 8192".
 */
export const invalidUtf16 = (encoding: 'utf-16le' | 'utf-16be', reason: string) =>
  new TabulaError('UNSUPPORTED_ENCODING', `The file is not valid ${encoding.toUpperCase()} text: ${reason}.`, {
    hint: `Export the file again, as UTF-8 if the program offers it; if it is not UTF-16, name its encoding, e.g. ${forceWith('{"encoding":"utf-8"}')}.`,
  });

/** 422 for a header that two or more delimiters split, each as consistently over the `sampledLines` first lines. */
export const ambiguousDelimiter = (candidates: DelimiterCandidate[], sampledLines: number) =>
  new TabulaError(
    'AMBIGUOUS_CSV_DIALECT',
    `The delimiter is ambiguous: ${candidates
      .map((c) => `${describeDelimiter(c.delimiter)} splits the header into ${c.headerCells} cells and ${c.matchingLines} of the ${sampledLines} sampled lines alike`)
      .join('; ')}.`,
    {
      hint: `Name the delimiter, e.g. ${forceWith(JSON.stringify({ delimiter: candidates[0]?.delimiter ?? ';' }))}.`,
      details: candidates.map((c) => ({ path: 'csv_options.delimiter', message: `${describeDelimiter(c.delimiter)}: ${c.headerCells} cells, ${c.matchingLines}/${sampledLines} lines` })),
    },
  );

/**
 * 422 for numbers that do not say which decimal separator they use: `reason` names the cells, e.g.
 * '"1,500" could be 1.5 or 1500' or 'cells such as "3,14" and "2.5" use both'.
 */
export const ambiguousDecimal = (delimiter: string, reason: string) =>
  new TabulaError('AMBIGUOUS_CSV_DIALECT', `The decimal separator of this ${describeDelimiter(delimiter)}-separated file is ambiguous: ${reason}.`, {
    hint:
      `Name it: ${forceWith(JSON.stringify({ delimiter, decimal: ',' }))} reads 1,5 as one and a half, ` +
      `${forceWith(JSON.stringify({ delimiter, decimal: '.' }))} reads 1.5 so.`,
    details: [{ path: 'csv_options.decimal', message: reason }],
  });
