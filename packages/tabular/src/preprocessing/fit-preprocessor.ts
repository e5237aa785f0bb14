import { modelLimitExceeded, type FeatureSpec, type ModelLimits, type PreprocessingSpec } from '@tabula/contracts';
import { parseNumber, type RawValue } from '../csv/cell-value.js';
import type { Frame } from '../frame.js';
import { fitNumericColumn, median } from './fit-numeric-column.js';
import { parseDateTime } from './parse-date-time.js';
import { outputWidth, type CategoricalColumnState, type ColumnState, type DatetimeColumnState, type PreprocessorState } from './preprocessor-state.js';

export { inferFeatureTypes } from './infer-feature-types.js';
export { median } from './fit-numeric-column.js';

/**
 * One-hot columns kept per categorical feature when max_categories is not given: the most frequent
 * ones. An identifier column (one value per row) would otherwise grow the matrix to rows × rows;
 * rarer values encode as all zeros, like unseen ones.
 */
export const MAX_CATEGORIES = 200;

/** The options fitPreprocessor reads; absent means today's preprocessing (the spec's defaults). */
export type FitOptions = Pick<PreprocessingSpec, 'numeric_imputation' | 'fill_value' | 'scaling' | 'categorical_encoding' | 'max_categories'>;

/**
 * Fits imputation, scaling and encoding on the given (training) rows only. Numeric: median
 * imputation (or mean, or fill_value) then the chosen scaling. Categorical: most-frequent
 * imputation and one-hot over the categories seen, sorted (or one column of codes); max_categories
 * groups the rarer categories into one "other" output. Datetime: year, month, day of week (and
 * hour), each imputed with its median. Throws PAYLOAD_TOO_LARGE when a column keeps more than
 * limits.maxCategories categories (MAX_CATEGORIES) or the encoded matrix would have more than
 * limits.maxFeatures columns (MAX_FEATURES): checked here, before the matrix (rows × features) is
 * allocated and any model is fitted.
 */
export function fitPreprocessor(
  frame: Frame,
  features: FeatureSpec[],
  rows: ArrayLike<number>,
  limits: Partial<Pick<ModelLimits, 'maxCategories' | 'maxFeatures'>> = {},
  options?: FitOptions,
): PreprocessorState {
  const { maxCategories = Infinity, maxFeatures = Infinity } = limits;
  let nEncoded = 0;
  const columns = features.map(({ name, type }): ColumnState => {
    const present = presentValues(frame, name, rows);
    let column: ColumnState;
    if (type === 'numeric') {
      column = fitNumericColumn(name, present.map((value) => parseNumber(value) as number), rows.length, options);
    } else if (type === 'datetime') {
      column = fitDatetimeColumn(name, present);
    } else {
      column = fitCategoricalColumn(name, present.map(String), options);
      if (column.categories.length > maxCategories) {
        throw modelLimitExceeded('categories', column.categories.length, maxCategories, `The text column "${name}"`);
      }
    }
    nEncoded += outputWidth(column);
    return column;
  });
  if (nEncoded > maxFeatures) throw modelLimitExceeded('features', nEncoded, maxFeatures, 'After one-hot encoding, the training data');
  return { columns };
}

function presentValues(frame: Frame, name: string, rows: ArrayLike<number>): RawValue[] {
  const cells = frame.values[frame.columns.indexOf(name)];
  const present: RawValue[] = [];
  for (let i = 0; i < rows.length; i++) {
    const value = cells[rows[i]];
    if (value !== null) present.push(value);
  }
  return present;
}

function fitCategoricalColumn(name: string, values: string[], options?: FitOptions): CategoricalColumnState {
  const counts = new Map<string, number>();
  for (const value of values) counts.set(value, (counts.get(value) ?? 0) + 1);
  // Most frequent first, ties to the smaller value, so the mode matches scikit-learn's SimpleImputer.
  const byFrequency = [...counts].sort((a, b) => b[1] - a[1] || compareText(a[0], b[0]));
  const maxOutputs = options?.max_categories;
  // As scikit-learn's OneHotEncoder(max_categories): the "other" output counts towards the cap.
  const isGrouped = maxOutputs !== undefined && byFrequency.length > maxOutputs;
  const nKept = maxOutputs === undefined ? MAX_CATEGORIES : isGrouped ? maxOutputs - 1 : maxOutputs;
  const column: CategoricalColumnState = {
    name,
    type: 'categorical',
    mode: byFrequency.length > 0 ? byFrequency[0][0] : null,
    categories: byFrequency
      .slice(0, nKept)
      .map(([value]) => value)
      .sort(compareText),
  };
  const encoding = options?.categorical_encoding ?? 'onehot';
  if (encoding !== 'onehot') column.encoding = encoding;
  if (isGrouped) column.other = true;
  return column;
}

function fitDatetimeColumn(name: string, values: RawValue[]): DatetimeColumnState {
  const parsed = values.flatMap((value) => parseDateTime(value) ?? []);
  const hasTime = parsed.some((parts) => parts.hour !== null);
  // A date without a time counts as midnight, in fitting as at prediction.
  const parts: DatetimeColumnState['parts'] = hasTime ? ['year', 'month', 'dayofweek', 'hour'] : ['year', 'month', 'dayofweek'];
  return { name, type: 'datetime', parts, fill: parts.map((part) => median(parsed.map((p) => p[part] ?? 0))) };
}

function compareText(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
