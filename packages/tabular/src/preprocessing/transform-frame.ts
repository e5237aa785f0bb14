import { missingColumns, nonDateValues, nonNumericValues, type MistypedCell } from '@tabula/contracts';
import { describeValue, parseNumber, type RawValue } from '../csv/cell-value.js';
import type { Frame } from '../frame.js';
import { parseDateTime } from './parse-date-time.js';
import { outputWidth, type CategoricalColumnState, type DatetimeColumnState, type NumericColumnState, type PreprocessorState } from './preprocessor-state.js';

/** A column-major feature matrix: `X[featureIdx * nRows + row]`. */
export interface FeatureMatrix {
  X: Float64Array;
  nRows: number;
  nFeatures: number;
}

const MAX_REPORTED = 10;

/** Where one column writes: its cells, the rows to read, and the matrix from its first output column on. */
interface ColumnWrite {
  cells: RawValue[];
  nRows: number;
  rowAt: (i: number) => number;
  X: Float64Array;
  offset: number;
  /** Collects cells that cannot be read, as rows of the whole input. */
  report: (i: number, value: RawValue) => void;
}

/**
 * Applies a fitted preprocessing to `rows` of a frame (all rows by default), never refitting.
 * Extra columns are ignored. Throws MISSING_COLUMN naming every feature the frame lacks, and
 * INVALID_VALUE naming the row (1-based), column and value of non-numbers in numeric columns (or
 * non-dates in date columns). An unseen category encodes as all zeros (one-hot), −1 (ordinal) or
 * missing (native), or as the "other" output when max_categories grouped some.
 */
export function transformFrame(state: PreprocessorState, frame: Frame, rows?: ArrayLike<number>): FeatureMatrix {
  const missing = state.columns.filter((column) => !frame.columns.includes(column.name)).map((column) => column.name);
  if (missing.length > 0) throw missingColumns(missing, frame.columns);

  const nRows = rows === undefined ? frame.nRows : rows.length;
  const rowAt = rows === undefined ? (i: number) => i : (i: number) => rows[i];
  const nFeatures = state.columns.reduce((sum, column) => sum + outputWidth(column), 0);
  const X = new Float64Array(nFeatures * nRows);
  const firstRow = frame.firstRow ?? 1;
  const nonNumbers: MistypedCell[] = [];
  const nonDates: MistypedCell[] = [];

  let featureIdx = 0;
  for (const column of state.columns) {
    const problems = column.type === 'datetime' ? nonDates : nonNumbers;
    const write: ColumnWrite = {
      cells: frame.values[frame.columns.indexOf(column.name)],
      nRows,
      rowAt,
      X,
      offset: featureIdx * nRows,
      report: (i, value) => {
        if (problems.length < MAX_REPORTED) problems.push({ row: rowAt(i) + firstRow, column: column.name, value: describeValue(value) });
      },
    };
    if (column.type === 'numeric') writeNumeric(column, write);
    else if (column.type === 'datetime') writeDatetime(column, write);
    else writeCategorical(column, write);
    featureIdx += outputWidth(column);
  }
  if (nonNumbers.length > 0) throw nonNumericValues(nonNumbers, MAX_REPORTED);
  if (nonDates.length > 0) throw nonDateValues(nonDates, MAX_REPORTED);
  return { X, nRows, nFeatures };
}

function writeNumeric(column: NumericColumnState, { cells, nRows, rowAt, X, offset, report }: ColumnWrite): void {
  const fill = column.fill ?? column.median;
  const center = column.scaling?.center ?? 0;
  const scale = column.scaling?.scale ?? 1;
  const isScaled = column.scaling !== undefined;
  for (let i = 0; i < nRows; i++) {
    const value = cells[rowAt(i)];
    const number = value === null ? fill : parseNumber(value);
    if (number === null) {
      report(i, value);
      continue;
    }
    X[offset + i] = isScaled ? (number - center) / scale : number;
  }
}

function writeCategorical(column: CategoricalColumnState, { cells, nRows, rowAt, X, offset }: ColumnWrite): void {
  const slot = new Map(column.categories.map((category, c) => [category, c]));
  const otherSlot = column.other === true ? column.categories.length : undefined;
  const isNative = column.encoding === 'native';
  // Native keeps a missing cell missing (NaN: the forest learns its side); the others impute the mode.
  const unseen = otherSlot ?? (isNative ? NaN : column.encoding === 'ordinal' ? -1 : undefined);
  for (let i = 0; i < nRows; i++) {
    const value = cells[rowAt(i)];
    let c: number | undefined;
    if (value === null && isNative) c = NaN;
    else {
      const key = value === null ? column.mode : String(value);
      c = key === null ? undefined : (slot.get(key) ?? unseen);
    }
    if (column.encoding !== undefined) X[offset + i] = c ?? -1;
    else if (c !== undefined) X[offset + c * nRows + i] = 1;
  }
}

function writeDatetime(column: DatetimeColumnState, { cells, nRows, rowAt, X, offset, report }: ColumnWrite): void {
  for (let i = 0; i < nRows; i++) {
    const value = cells[rowAt(i)];
    const parsed = value === null ? null : parseDateTime(value);
    if (value !== null && parsed === null) {
      report(i, value);
      continue;
    }
    // A date without a time is midnight, as in fitting.
    column.parts.forEach((part, p) => {
      X[offset + p * nRows + i] = parsed === null ? column.fill[p] : (parsed[part] ?? 0);
    });
  }
}
