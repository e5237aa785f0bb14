import { DEFAULT_CSV_DIALECT, type CsvDialect } from '@tabula/contracts';

export interface PreparedCsvText {
  /** The dialect to parse with: detected from the first bytes, with csv_options' parts forced. */
  dialect: CsvDialect;
  /** The text as UTF-8 bytes, whatever the file's encoding. */
  text: AsyncIterable<Uint8Array>;
}

export interface PrepareCsvTextOptions {
  /** The parts of the dialect the caller forces (the csv_options form field). */
  overrides?: Partial<CsvDialect>;
}

/**
 * Finds how a text file is written and hands it on as UTF-8, before any CSV parser sees it.
 * (Stub of the issue-15 base: UTF-8 and the default dialect, as before; formats/text fills it in.)
 */
export async function prepareCsvText(source: AsyncIterable<Uint8Array>, { overrides = {} }: PrepareCsvTextOptions = {}): Promise<PreparedCsvText> {
  return { dialect: { ...DEFAULT_CSV_DIALECT, ...overrides }, text: source };
}
