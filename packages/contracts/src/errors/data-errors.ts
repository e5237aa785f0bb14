import type { ClassLabel } from '../model-metadata.js';
import { TabulaError } from './tabula-error.js';

// The errors of data that does not fit the model it is sent to: columns it lacks and values of the wrong kind
// (422: the request is well formed, but this model cannot score or evaluate it).

/** One cell that is not a number where the model needs one: its 1-based row, its column and its value described. */
export interface NonNumericCell {
  row: number;
  column: string;
  value: string;
}

export const missingColumns = (columns: string[], available: string[]) =>
  new TabulaError(
    'MISSING_COLUMN',
    `The file lacks ${columns.length === 1 ? 'a column' : 'columns'} the model needs: ${columns.map((c) => `"${c}"`).join(', ')}.`,
    {
      hint: `Add ${columns.length === 1 ? 'it' : 'them'} to the file. Columns found: ${available.map((c) => `"${c}"`).join(', ') || '(none)'}.`,
      details: columns.map((c) => ({ path: c, message: 'required by the model, missing from the input' })),
    },
  );

/**
 * 422 for cells that are not numbers in columns the model was trained on as numeric. `cells` holds the first ones
 * found, at most `maxReported`: when it is full there may be more, and the message says "+".
 */
export function nonNumericValues(cells: NonNumericCell[], maxReported: number): TabulaError {
  const first = cells[0];
  const more = cells.length > 1 ? ` (and ${cells.length - 1}${cells.length === maxReported ? '+' : ''} more)` : '';
  return new TabulaError(
    'INVALID_VALUE',
    `Row ${first.row}, column "${first.column}": ${first.value} is not a number, but the model was trained with numbers in that column${more}.`,
    {
      hint: 'Send numbers (3 or "3.0") in numeric columns, or leave the cell empty/NA to use the training median.',
      details: cells.map(({ row, column, value }) => ({ path: `row ${row}.${column}`, message: `${value} is not a number` })),
    },
  );
}

/** 422 for a labelled row whose target (`value`, described) is none of the classifier's classes; `row` is 1-based. */
export const unknownTargetClass = (targetColumn: string, row: number, value: string, classLabels: readonly ClassLabel[]) =>
  new TabulaError('INVALID_VALUE', `Row ${row} of "${targetColumn}" holds ${value}, a class the model was not trained on.`, {
    hint: `The model's classes are ${classLabels.map((label) => JSON.stringify(label)).join(', ')}.`,
    details: [{ path: targetColumn, message: `unknown class ${value}` }],
  });

/** 422 for a labelled row whose target (`value`, described) is not a number, sent to a regressor; `row` is 1-based. */
export const nonNumericTarget = (targetColumn: string, row: number, value: string) =>
  new TabulaError('INVALID_VALUE', `Row ${row} of "${targetColumn}" holds ${value}, but this regressor needs numbers.`, {
    hint: 'Fix or remove that row.',
    details: [{ path: targetColumn, message: 'not a number' }],
  });
