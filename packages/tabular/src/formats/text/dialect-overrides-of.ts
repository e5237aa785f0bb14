import type { CsvDialect, CsvDialectOptions } from '@tabula/contracts';
import { MISSING_TOKENS } from '../../csv/cell-value.js';

/**
 * The parts of the dialect a csv_options form field forces, for prepareCsvText's `overrides`.
 * na_values extend the default missing tokens, as pandas' do (keep_default_na=True): the dialect
 * holds the whole list, trimmed as cells are before they are compared. Not given: nothing forced.
 */
export function dialectOverridesOf(csvOptions: CsvDialectOptions | undefined): Partial<CsvDialect> {
  if (csvOptions === undefined) return {};
  const { delimiter, quote, decimal, encoding, na_values: naValues } = csvOptions;
  const overrides: Partial<CsvDialect> = {};
  if (delimiter !== undefined) overrides.delimiter = delimiter;
  if (quote !== undefined) overrides.quote = quote;
  if (decimal !== undefined) overrides.decimal = decimal;
  if (encoding !== undefined) overrides.encoding = encoding;
  if (naValues !== undefined) overrides.naValues = [...new Set([...MISSING_TOKENS, ...naValues.map((token) => token.trim())])];
  return overrides;
}
