import { TabulaError, type ErrorDetail } from './tabula-error.js';

/** A cell that does not fit the type its column was given: `row` 1-based, `value` as described for a message. */
export interface MistypedCell {
  row: number;
  column: string;
  value: string;
}

const DATE_EXAMPLES = '2024-03-01, 2024-03-01T14:30:00';

/** One detail per cell, at `row N.column`, saying what the value is not. */
const cellDetails = (cells: MistypedCell[], isNot: string): ErrorDetail[] =>
  cells.map(({ row, column, value }) => ({ path: `row ${row}.${column}`, message: `${value} is not ${isNot}` }));

/**
 * 400 for a training file whose column was forced by preprocessing.column_types to a type that a
 * cell of it cannot be read as (text in a numeric column, a non-date in a datetime column), naming
 * the first such rows so the file or the setting can be fixed.
 */
export function columnTypeMismatch(column: string, type: 'numeric' | 'datetime', cells: MistypedCell[]): TabulaError {
  const isNot = type === 'numeric' ? 'a number' : `an ISO-8601 date or timestamp (${DATE_EXAMPLES})`;
  return new TabulaError('INVALID_INPUT', `preprocessing.column_types forces "${column}" to ${type}, but row ${cells[0].row} holds ${cells[0].value}, not ${isNot}.`, {
    hint: `Fix ${cells.length === 1 ? 'that cell' : 'those cells'}, or type "${column}" as categorical (or leave it out of column_types to infer its type).`,
    details: cellDetails(cells, isNot),
  });
}

/**
 * 422 for rows sent for prediction whose date column holds something that is not a date, as
 * nonNumericValues is for numeric columns: the first cell in the message, up to `maxReported` in details.
 */
export function nonDateValues(cells: MistypedCell[], maxReported: number): TabulaError {
  const [{ row, column, value }] = cells;
  const others = cells.length - 1;
  const more = others === 0 ? '' : ` (and ${others}${cells.length === maxReported ? '+' : ''} more)`;
  const hint = `Send ISO-8601 dates or timestamps (${DATE_EXAMPLES}) in date columns, or leave the cell empty/NA to use the training median of each date part.`;
  return new TabulaError('INVALID_VALUE', `Row ${row}, column "${column}": ${value} is not a date, but the model was trained with dates in that column${more}.`, {
    hint,
    details: cellDetails(cells, 'a date'),
  });
}
