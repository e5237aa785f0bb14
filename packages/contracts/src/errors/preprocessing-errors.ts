import { TabulaError } from './tabula-error.js';

/** A cell that does not fit the type its column was given: `row` 1-based, `value` as described for a message. */
export interface MistypedCell {
  row: number;
  column: string;
  value: string;
}

/**
 * 400 for a training file whose column was forced by preprocessing.column_types to a type that a
 * cell of it cannot be read as (text in a numeric column, a non-date in a datetime column), naming
 * the first such rows so the file or the setting can be fixed.
 */
export function columnTypeMismatch(column: string, type: 'numeric' | 'datetime', cells: MistypedCell[]): TabulaError {
  const first = cells[0];
  const what = type === 'numeric' ? 'a number' : 'an ISO-8601 date or timestamp (2024-03-01, 2024-03-01T14:30:00)';
  return new TabulaError('INVALID_INPUT', `preprocessing.column_types forces "${column}" to ${type}, but row ${first.row} holds ${first.value}, not ${what}.`, {
    hint: `Fix ${cells.length === 1 ? 'that cell' : 'those cells'}, or type "${column}" as categorical (or leave it out of column_types to infer its type).`,
    details: cells.map(({ row, column: name, value }) => ({ path: `row ${row}.${name}`, message: `${value} is not ${what}` })),
  });
}

/** 422 for a row sent for prediction whose date column holds something that is not a date; `row` 1-based. */
export function nonDateValues(cells: MistypedCell[], maxReported: number): TabulaError {
  const first = cells[0];
  const more = cells.length > 1 ? ` (and ${cells.length - 1}${cells.length === maxReported ? '+' : ''} more)` : '';
  return new TabulaError(
    'INVALID_VALUE',
    `Row ${first.row}, column "${first.column}": ${first.value} is not a date, but the model was trained with dates in that column${more}.`,
    {
      hint: 'Send ISO-8601 dates or timestamps (2024-03-01, 2024-03-01T14:30:00) in date columns, or leave the cell empty/NA to use the training median of each date part.',
      details: cells.map(({ row, column, value }) => ({ path: `row ${row}.${column}`, message: `${value} is not a date` })),
    },
  );
}
