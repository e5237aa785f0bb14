import type { ClassCounts, ClassLabel, ColumnReport, DataReport } from '@tabula/contracts';
import { parseNumber, type RawValue } from '../csv/cell-value.js';
import type { EncodedTarget } from '../preprocessing/encode-target.js';
import type { Frame } from '../frame.js';

/** Most frequent values listed per categorical column. */
export const TOP_CATEGORIES = 5;

/**
 * Describes the uploaded data as training saw it: per column its role, type (numeric when every
 * present value is a number, the preprocessing's rule), missing count and share, distinct values,
 * and min/max/mean or the most frequent values; and the rows per class of a classification target.
 */
export function buildDataReport(frame: Frame, targetColumn: string, columnsToDrop: string[], target: EncodedTarget): DataReport {
  const columns = frame.columns.map((name, colIdx) => {
    const role = name === targetColumn ? 'target' : columnsToDrop.includes(name) ? 'dropped' : 'feature';
    return describeColumn(name, role, frame.values[colIdx]);
  });
  return {
    n_rows: frame.nRows,
    n_columns: frame.columns.length,
    n_rows_without_target: frame.nRows - target.rows.length,
    columns,
    class_counts: target.classLabels === null ? null : countClasses(target.y, target.classLabels),
  };
}

function describeColumn(name: string, role: ColumnReport['role'], cells: RawValue[]): ColumnReport {
  const numbers = summarizeNumbers(cells);
  const missing = numbers?.missing ?? cells.reduce((count: number, cell) => count + (cell === null ? 1 : 0), 0);
  const base = { name, role, missing, missing_pct: cells.length === 0 ? 0 : Math.round((10_000 * missing) / cells.length) / 100 };
  if (numbers !== null) return { ...base, type: 'numeric', distinct: numbers.distinct, ...numbers.stats };
  const counts = new Map<string, number>();
  for (const cell of cells) if (cell !== null) counts.set(String(cell), (counts.get(String(cell)) ?? 0) + 1);
  const top = [...counts]
    .sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0))
    .slice(0, TOP_CATEGORIES)
    .map(([value, count]) => ({ value, count }));
  return { ...base, type: 'categorical', distinct: counts.size, top };
}

/**
 * One pass over a column that stops at the first present value that is not a number (the column is
 * then categorical, and null is returned). A loop rather than Math.min(...values), which overflows
 * the stack on a million rows.
 */
function summarizeNumbers(cells: RawValue[]): { missing: number; distinct: number; stats: Pick<ColumnReport, 'min' | 'max' | 'mean'> } | null {
  const distinct = new Set<number>();
  let missing = 0;
  let min = Infinity;
  let max = -Infinity;
  let sum = 0;
  for (const cell of cells) {
    if (cell === null) {
      missing++;
      continue;
    }
    const x = parseNumber(cell);
    if (x === null) return null;
    distinct.add(x);
    if (x < min) min = x;
    if (x > max) max = x;
    sum += x;
  }
  const nPresent = cells.length - missing;
  return { missing, distinct: distinct.size, stats: nPresent === 0 ? {} : { min, max, mean: sum / nPresent } };
}

export function countClasses(y: Float64Array, classLabels: ClassLabel[]): ClassCounts {
  const counts = new Array<number>(classLabels.length).fill(0);
  for (const c of y) counts[c]++;
  return Object.fromEntries(classLabels.map((label, c) => [String(label), counts[c]]));
}
