import { MAX_SCHEMA_CATEGORIES, type FeatureSpec, type InputColumn, type InputSchema } from '@tabula/contracts';
import { parseNumber, type RawValue } from '../csv/cell-value.js';
import type { Frame } from '../frame.js';

/**
 * The input schema of a version, from the training frame and the fitted feature types: per feature
 * column its type, whether it is required (every training row had a value; otherwise the model
 * imputes, so it is optional), and what training saw there: the numeric range, or the categories
 * (sorted as the one-hot encoder sorts them, the first MAX_SCHEMA_CATEGORIES of them, with the count).
 * One pass per feature column; the frame is not changed.
 */
export function buildInputSchema(frame: Frame, features: readonly FeatureSpec[]): InputSchema {
  return {
    columns: features.map((feature) => {
      const colIdx = frame.columns.indexOf(feature.name);
      const cells = colIdx === -1 ? [] : frame.values[colIdx];
      return feature.type === 'numeric' ? describeNumeric(feature.name, cells) : describeCategorical(feature, cells);
    }),
  };
}

function describeNumeric(name: string, cells: readonly RawValue[]): InputColumn {
  let hasMissing = false;
  let min = Infinity;
  let max = -Infinity;
  // A loop, not Math.min(...cells): spreading a million cells overflows the stack.
  for (const cell of cells) {
    if (cell === null) {
      hasMissing = true;
      continue;
    }
    const x = parseNumber(cell);
    if (x === null) continue;
    if (x < min) min = x;
    if (x > max) max = x;
  }
  const range = min <= max ? { min, max } : {};
  return { name, type: 'numeric', required: !hasMissing && cells.length > 0, ...range };
}

function describeCategorical(feature: FeatureSpec, cells: readonly RawValue[]): InputColumn {
  let hasMissing = false;
  const seen = new Set<string>();
  for (const cell of cells) {
    if (cell === null) hasMissing = true;
    else seen.add(String(cell));
  }
  // Code-unit order, as fitCategories sorts ties: a plain comparison, not localeCompare, so no locale changes it.
  const sorted = [...seen].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
  return {
    name: feature.name,
    type: feature.type,
    required: !hasMissing && cells.length > 0,
    categories: sorted.slice(0, MAX_SCHEMA_CATEGORIES),
    n_categories: seen.size,
  };
}
