import type { CsvDialect } from '@tabula/contracts';
import { DEFAULT_CSV_DIALECT } from '@tabula/contracts';
import { detectDecimal } from './detect-decimal.js';
import { DELIMITER_CANDIDATES, detectDelimiter, tryDelimiter } from './detect-delimiter.js';

/** The parts of a dialect read from the text itself (the encoding is known before the text is). */
export type TextDialect = Pick<CsvDialect, 'delimiter' | 'quote' | 'decimal'>;

export interface DetectedDialect {
  dialect: TextDialect;
  /** Forced parts the sample contradicts, in words, for the answer and the log. */
  warnings: string[];
}

const show = (delimiter: string) => JSON.stringify(delimiter);

/**
 * The delimiter, quote and decimal separator of a CSV from a UTF-8 sample of its first lines, each
 * part given in `overrides` taken as it is. A forced decimal comma rules the comma out as delimiter,
 * and a forced quote character rules itself out.
 * A forced delimiter that does not split the header still reads the file (as one column), with a
 * warning naming the delimiter detection would have chosen. `declared` is a delimiter the file names
 * itself (an Excel `sep=` line): taken as a forced one is, the warning naming who declared it.
 */
export function detectDialect(
  sample: string,
  isWhole: boolean,
  overrides: Partial<CsvDialect>,
  declared?: { delimiter: string; by: string },
): DetectedDialect {
  const quote = overrides.quote !== undefined ? overrides.quote : DEFAULT_CSV_DIALECT.quote;
  // A forced decimal comma or quote character cannot also separate cells.
  const candidates = DELIMITER_CANDIDATES.filter((d) => d !== quote && !(d === ',' && overrides.decimal === ','));
  const options = { quote, isWhole, candidates };
  const warnings: string[] = [];
  const given = overrides.delimiter !== undefined ? { delimiter: overrides.delimiter, by: 'csv_options forced' } : declared && { ...declared, by: `${declared.by} names` };
  let trial;
  if (given === undefined) {
    trial = detectDelimiter(sample, options);
  } else {
    trial = tryDelimiter(sample, given.delimiter, options);
    if (trial.headerCells === 1) {
      const detected = detectQuietly(sample, options);
      const instead = detected && detected.headerCells > 1 ? `; detection would have chosen ${show(detected.delimiter)} (${detected.headerCells} columns)` : '';
      warnings.push(`${given.by} the delimiter ${show(given.delimiter)}, which does not split the header: the file reads as one column${instead}`);
    }
  }
  let decimal: '.' | ',';
  if (overrides.decimal !== undefined) decimal = overrides.decimal;
  else decimal = trial.delimiter === ',' ? '.' : detectDecimal(trial.records, trial.delimiter);
  return { dialect: { delimiter: trial.delimiter, quote, decimal }, warnings };
}

/** Detection for a warning's sake: an ambiguity there is no error, the forced delimiter stands. */
function detectQuietly(sample: string, options: Parameters<typeof detectDelimiter>[1]) {
  try {
    return detectDelimiter(sample, options);
  } catch {
    return null;
  }
}
