import type { PreprocessingSpec } from '@tabula/contracts';
import type { NumericColumnState } from './preprocessor-state.js';

/** The options a numeric column reads; absent means median imputation and no scaling. */
export type NumericOptions = Partial<Pick<PreprocessingSpec, 'numeric_imputation' | 'fill_value' | 'scaling'>>;

/**
 * Fits one numeric column on its training values (`present`, the non-missing ones of `nRows`):
 * the value missing cells get (median by default, or the mean, or fill_value) and, as a
 * scikit-learn pipeline does, a scaling fitted on the imputed column: standard (mean, population
 * std), minmax (min, max − min) or robust (median, interquartile range by linear interpolation). A
 * spread of 0 scales by 1, as scikit-learn does, so a constant column stays finite.
 */
export function fitNumericColumn(name: string, present: number[], nRows: number, options: NumericOptions = {}): NumericColumnState {
  const sorted = Float64Array.from(present).sort();
  const column: NumericColumnState = { name, type: 'numeric', median: median(present) };
  const imputation = options.numeric_imputation ?? 'median';
  if (imputation === 'mean') column.fill = mean(sorted);
  if (imputation === 'constant') column.fill = options.fill_value ?? 0;
  const scaling = options.scaling ?? 'none';
  if (scaling === 'none') return column;

  const fill = column.fill ?? column.median;
  const imputed = new Float64Array(nRows).fill(fill);
  imputed.set(sorted);
  imputed.sort();
  if (scaling === 'standard') {
    const center = mean(imputed);
    column.scaling = { center, scale: orOne(Math.sqrt(mean(imputed.map((x) => (x - center) ** 2)))) };
  } else if (scaling === 'minmax') {
    const min = imputed.length > 0 ? imputed[0] : 0;
    column.scaling = { center: min, scale: orOne((imputed.length > 0 ? imputed[imputed.length - 1] : 0) - min) };
  } else {
    column.scaling = { center: quantile(imputed, 0.5), scale: orOne(quantile(imputed, 0.75) - quantile(imputed, 0.25)) };
  }
  return column;
}

/** The median, or 0 for a column with no values in training (it is then constant). */
export function median(values: number[]): number {
  if (values.length === 0) return 0;
  const sorted = Float64Array.from(values).sort();
  const mid = sorted.length >> 1;
  return sorted.length % 2 === 1 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}

/** numpy's default percentile (linear interpolation) of sorted values; 0 for none, as the median of an empty column. */
function quantile(sorted: Float64Array, q: number): number {
  if (sorted.length === 0) return 0;
  const position = (sorted.length - 1) * q;
  const low = Math.floor(position);
  const high = Math.min(low + 1, sorted.length - 1);
  return sorted[low] + (sorted[high] - sorted[low]) * (position - low);
}

function mean(values: Float64Array): number {
  if (values.length === 0) return 0;
  let sum = 0;
  for (let i = 0; i < values.length; i++) sum += values[i];
  return sum / values.length;
}

const orOne = (spread: number): number => (spread > 0 && Number.isFinite(spread) ? spread : 1);
