import { missingColumns, nonNumericValues } from '@tabula/contracts';
import { describeValue, parseNumber } from '../csv/cell-value.js';
import type { Frame } from '../frame.js';
import type { PreprocessorState } from './preprocessor-state.js';

/** A column-major feature matrix: `X[featureIdx * nRows + row]`. */
export interface FeatureMatrix {
  X: Float64Array;
  nRows: number;
  nFeatures: number;
}

const MAX_REPORTED = 10;

/**
 * Applies a fitted preprocessing to `rows` of a frame (all rows by default), never refitting.
 * Extra columns are ignored. Throws MISSING_COLUMN naming every feature the frame lacks, and
 * INVALID_VALUE naming the row (1-based), column and value of non-numbers in numeric columns.
 * An unseen category encodes as all zeros.
 */
export function transformFrame(state: PreprocessorState, frame: Frame, rows?: ArrayLike<number>): FeatureMatrix {
  const missing = state.columns.filter((column) => !frame.columns.includes(column.name)).map((column) => column.name);
  if (missing.length > 0) throw missingColumns(missing, frame.columns);

  const nRows = rows === undefined ? frame.nRows : rows.length;
  const rowAt = rows === undefined ? (i: number) => i : (i: number) => rows[i];
  const nFeatures = state.columns.reduce((sum, column) => sum + (column.type === 'numeric' ? 1 : column.categories.length), 0);
  const X = new Float64Array(nFeatures * nRows);
  const firstRow = frame.firstRow ?? 1;
  const problems: Array<{ row: number; column: string; value: string }> = [];

  let featureIdx = 0;
  for (const column of state.columns) {
    const cells = frame.values[frame.columns.indexOf(column.name)];
    if (column.type === 'numeric') {
      const offset = featureIdx * nRows;
      for (let i = 0; i < nRows; i++) {
        const value = cells[rowAt(i)];
        const number = value === null ? column.median : parseNumber(value);
        if (number === null) {
          if (problems.length < MAX_REPORTED) problems.push({ row: rowAt(i) + firstRow, column: column.name, value: describeValue(value) });
          continue;
        }
        X[offset + i] = number;
      }
      featureIdx++;
    } else {
      const slot = new Map(column.categories.map((category, c) => [category, c]));
      for (let i = 0; i < nRows; i++) {
        const value = cells[rowAt(i)];
        const key = value === null ? column.mode : String(value);
        const c = key === null ? undefined : slot.get(key);
        if (c !== undefined) X[(featureIdx + c) * nRows + i] = 1;
      }
      featureIdx += column.categories.length;
    }
  }
  if (problems.length > 0) throw nonNumericValues(problems, MAX_REPORTED);
  return { X, nRows, nFeatures };
}
