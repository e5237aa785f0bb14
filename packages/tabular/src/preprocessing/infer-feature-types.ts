import { columnTypeMismatch, invalidInput, type ColumnType, type FeatureSpec, type MistypedCell, type PreprocessingSpec } from '@tabula/contracts';
import { describeValue, parseNumber, type RawValue } from '../csv/cell-value.js';
import type { Frame } from '../frame.js';
import { parseDateTime } from './parse-date-time.js';

const MAX_REPORTED = 10;

/** The part of the preprocessing spec that decides column types. */
export type TypeOptions = Pick<PreprocessingSpec, 'column_types' | 'detect_datetime'>;

/**
 * A column is numeric when every non-missing cell among `rows` is a number, else categorical;
 * with detect_datetime, a non-numeric column whose every non-missing cell is an ISO-8601 date or
 * timestamp is datetime. column_types forces a column's type: INVALID_INPUT (400) when it names a
 * column that is not a feature, or when a cell cannot be read as the forced numeric or datetime
 * type (naming the rows). Types are read from all usable rows, not only the training split, so
 * that a test row cannot hold text in a column the split made look numeric.
 */
export function inferFeatureTypes(frame: Frame, featureColumns: string[], rows: ArrayLike<number>, options?: TypeOptions): FeatureSpec[] {
  const forced = options?.column_types ?? {};
  const unknown = Object.keys(forced).filter((name) => !featureColumns.includes(name));
  if (unknown.length > 0) {
    throw invalidInput(`preprocessing.column_types names ${unknown.map((name) => `"${name}"`).join(', ')}, not among the feature columns.`, {
      hint: `The feature columns are ${featureColumns.map((name) => `"${name}"`).join(', ')} (the target and columns_to_drop are not features).`,
      details: unknown.map((name) => ({ path: `preprocessing.column_types.${name}`, message: 'is not a feature column' })),
    });
  }
  return featureColumns.map((name) => {
    const cells = frame.values[frame.columns.indexOf(name)];
    const type = forced[name] ?? detectType(cells, rows, options?.detect_datetime === true);
    if (forced[name] === 'numeric') assertReadable(frame, name, cells, rows, 'numeric', (value) => parseNumber(value) !== null);
    if (forced[name] === 'datetime') assertReadable(frame, name, cells, rows, 'datetime', (value) => parseDateTime(value) !== null);
    return { name, type };
  });
}

function detectType(cells: RawValue[], rows: ArrayLike<number>, isDatetimeDetected: boolean): ColumnType {
  let isNumeric = true;
  let isDatetime = isDatetimeDetected;
  let nPresent = 0;
  for (let i = 0; i < rows.length && (isNumeric || isDatetime); i++) {
    const value = cells[rows[i]];
    if (value === null) continue;
    nPresent++;
    if (isNumeric && parseNumber(value) === null) isNumeric = false;
    if (isDatetime && parseDateTime(value) === null) isDatetime = false;
  }
  // An all-missing column stays numeric, as it always was.
  if (isNumeric) return 'numeric';
  return isDatetime && nPresent > 0 ? 'datetime' : 'categorical';
}

function assertReadable(frame: Frame, name: string, cells: RawValue[], rows: ArrayLike<number>, type: 'numeric' | 'datetime', isReadable: (value: RawValue) => boolean): void {
  const bad: MistypedCell[] = [];
  const firstRow = frame.firstRow ?? 1;
  for (let i = 0; i < rows.length && bad.length < MAX_REPORTED; i++) {
    const value = cells[rows[i]];
    if (value !== null && !isReadable(value)) bad.push({ row: rows[i] + firstRow, column: name, value: describeValue(value) });
  }
  if (bad.length > 0) throw columnTypeMismatch(name, type, bad);
}
