/**
 * How a CSV file is written: what the reader needs besides the bytes. Detected from the content
 * (formats/text in @tabula/tabular) unless the csv_options form field forces a part of it, and
 * recorded in the training metadata so that anyone can read the file the same way again.
 */
export type TextEncodingName = 'utf-8' | 'utf-16le' | 'utf-16be' | 'latin1';

export interface CsvDialect {
  /** One ASCII character: ',' ';' '\t' or '|' when detected; csv_options may force another. */
  delimiter: string;
  /** The quote character, or null for a file read without quoting. */
  quote: string | null;
  /** The decimal separator of numbers: ',' only with a delimiter other than ','. */
  decimal: '.' | ',';
  /** The file's encoding; the parser is always handed UTF-8 (formats/text transcodes). */
  encoding: TextEncodingName;
  /** Cell texts read as missing; null means the default tokens ('', NA, N/A, NaN, null, None). */
  naValues: string[] | null;
}

/** Today's reading: comma-separated UTF-8 with double quotes and decimal points. */
export const DEFAULT_CSV_DIALECT: Readonly<CsvDialect> = Object.freeze({
  delimiter: ',',
  quote: '"',
  decimal: '.',
  encoding: 'utf-8',
  naValues: null,
});
