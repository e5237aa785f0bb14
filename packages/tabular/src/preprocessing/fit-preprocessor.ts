import { modelLimitExceeded, type FeatureSpec, type ModelLimits } from '@tabula/contracts';
import { parseNumber, type RawValue } from '../csv/cell-value.js';
import type { Frame } from '../frame.js';
import type { ColumnState, PreprocessorState } from './preprocessor-state.js';

/**
 * One-hot columns kept per categorical feature: the most frequent ones. An identifier column
 * (one value per row) would otherwise grow the matrix to rows × rows; rarer values encode as
 * all zeros, like unseen ones.
 */
export const MAX_CATEGORIES = 200;

/**
 * A column is numeric when every non-missing cell among `rows` is a number, else categorical.
 * Types are read from all usable rows, not only the training split, so that a test row cannot
 * hold text in a column the split made look numeric.
 */
export function inferFeatureTypes(frame: Frame, featureColumns: string[], rows: ArrayLike<number>): FeatureSpec[] {
  return featureColumns.map((name) => {
    const isNumeric = presentValues(frame, name, rows).every((value) => parseNumber(value) !== null);
    return { name, type: isNumeric ? 'numeric' : 'categorical' };
  });
}

/**
 * Fits imputation and encoding on the given (training) rows only. Numeric: median imputation.
 * Categorical: most-frequent imputation and one-hot over the categories seen, sorted. Throws
 * PAYLOAD_TOO_LARGE when a column keeps more than limits.maxCategories categories (MAX_CATEGORIES)
 * or the encoded matrix would have more than limits.maxFeatures columns (MAX_FEATURES): checked
 * here, before the matrix (rows × features) is allocated and any model is fitted.
 */
export function fitPreprocessor(
  frame: Frame,
  features: FeatureSpec[],
  rows: ArrayLike<number>,
  limits: Partial<Pick<ModelLimits, 'maxCategories' | 'maxFeatures'>> = {},
): PreprocessorState {
  const { maxCategories = Infinity, maxFeatures = Infinity } = limits;
  let nEncoded = 0;
  const columns = features.map(({ name, type }): ColumnState => {
    const present = presentValues(frame, name, rows);
    if (type === 'numeric') {
      nEncoded++;
      return { name, type, median: median(present.map((value) => parseNumber(value) as number)) };
    }
    const fitted = fitCategories(present.map(String));
    if (fitted.categories.length > maxCategories) {
      throw modelLimitExceeded('categories', fitted.categories.length, maxCategories, `The text column "${name}"`);
    }
    nEncoded += fitted.categories.length;
    return { name, type, ...fitted };
  });
  if (nEncoded > maxFeatures) throw modelLimitExceeded('features', nEncoded, maxFeatures, 'After one-hot encoding, the training data');
  return { columns };
}

/** The median, or 0 for a column with no values in training (it is then constant). */
export function median(values: number[]): number {
  if (values.length === 0) return 0;
  const sorted = Float64Array.from(values).sort();
  const mid = sorted.length >> 1;
  return sorted.length % 2 === 1 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
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

function fitCategories(values: string[]): { mode: string | null; categories: string[] } {
  const counts = new Map<string, number>();
  for (const value of values) counts.set(value, (counts.get(value) ?? 0) + 1);
  // Most frequent first, ties to the smaller value, so the mode matches scikit-learn's SimpleImputer.
  const byFrequency = [...counts].sort((a, b) => b[1] - a[1] || compareText(a[0], b[0]));
  return {
    mode: byFrequency.length > 0 ? byFrequency[0][0] : null,
    categories: byFrequency
      .slice(0, MAX_CATEGORIES)
      .map(([value]) => value)
      .sort(compareText),
  };
}

function compareText(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
