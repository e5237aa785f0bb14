import { MAX_SCHEMA_CATEGORIES, type FeatureSpec, type InputColumn, type InputSchema } from '@tabula/contracts';
import { parseNumber, type RawValue } from '../csv/cell-value.js';
import type { Frame } from '../frame.js';

// The schema lives in every version's metadata (and its PostgreSQL row), read at each cold load: its size is bounded
// whatever the data. A category longer than MAX_CATEGORY_LENGTH is not listed, and listing stops once the schema's
// categories reach MAX_CATEGORY_CHARS in all; a column whose list is cut so keeps its count (n_categories), and
// checkRecords checks categories only against a complete list.
const MAX_CATEGORY_LENGTH = 200;
const MAX_CATEGORY_CHARS = 1_000_000;

/**
 * The input schema of a version, from the training frame and the fitted feature types: per feature
 * column its type, whether it is required (every training row had a value; otherwise the model
 * imputes, so it is optional), and what training saw there: the numeric range, or the categories
 * (sorted as the one-hot encoder sorts them, the first MAX_SCHEMA_CATEGORIES of them, with the count).
 * One pass per feature column; the frame is not changed.
 */
export function buildInputSchema(frame: Frame, features: readonly FeatureSpec[]): InputSchema {
  const budget = { chars: MAX_CATEGORY_CHARS };
  return {
    columns: features.map((feature) => {
      const colIdx = frame.columns.indexOf(feature.name);
      const cells = colIdx === -1 ? [] : frame.values[colIdx];
      if (feature.type === 'numeric') return describeNumeric(feature.name, cells);
      if (feature.type === 'categorical') return describeCategorical(feature.name, cells, budget);
      // A type added by the preprocessing later (a date column): its rule is in checkRecords, nothing to list here.
      return { name: feature.name, type: feature.type, required: !cells.includes(null) && cells.length > 0 };
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

function describeCategorical(name: string, cells: readonly RawValue[], budget: { chars: number }): InputColumn {
  let hasMissing = false;
  const seen = new Set<string>();
  for (const cell of cells) {
    if (cell === null) hasMissing = true;
    else seen.add(String(cell));
  }
  // Code-unit order, as fitCategories sorts ties: a plain comparison, not localeCompare, so no locale changes it.
  const sorted = [...seen].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
  const categories: string[] = [];
  for (const category of sorted) {
    if (categories.length === MAX_SCHEMA_CATEGORIES || category.length > budget.chars) break;
    if (category.length > MAX_CATEGORY_LENGTH) continue;
    categories.push(category);
    budget.chars -= category.length;
  }
  return { name, type: 'categorical', required: !hasMissing && cells.length > 0, categories, n_categories: seen.size };
}
