import { INPUT_EXAMPLE_ROWS, type InputColumn, type InputExample } from '@tabula/contracts';
import { parseNumber, type RawValue } from '../csv/cell-value.js';
import type { Frame } from '../frame.js';

/** Example rows whose every text is at most this long are preferred: the example is shown in the API documentation. */
const SHORT_TEXT = 200;

/**
 * A few training rows as JSON records of the input columns, as MLflow stores an input example: numeric
 * columns as numbers, the others as text, missing values as null. The first rows with every value
 * present and no long text are taken, then, if there are too few, the first rows of any kind; so the
 * example is real data that passes the schema check (a null only where the column is optional).
 */
export function pickInputExample(frame: Frame, columns: readonly InputColumn[], nRows = INPUT_EXAMPLE_ROWS): InputExample {
  const cellsOf = columns.map((column) => {
    const colIdx = frame.columns.indexOf(column.name);
    return colIdx === -1 ? null : frame.values[colIdx];
  });
  const valueAt = (c: number, row: number): RawValue => cellsOf[c]?.[row] ?? null;
  const isTidy = (row: number) =>
    columns.every((_, c) => {
      const value = valueAt(c, row);
      return value !== null && (typeof value !== 'string' || value.length <= SHORT_TEXT);
    });

  const picked: number[] = [];
  for (let row = 0; row < frame.nRows && picked.length < nRows; row++) if (isTidy(row)) picked.push(row);
  for (let row = 0; row < frame.nRows && picked.length < nRows; row++) if (!picked.includes(row)) picked.push(row);
  picked.sort((a, b) => a - b);

  return picked.map((row) =>
    Object.fromEntries(
      columns.map((column, c) => {
        const value = valueAt(c, row);
        if (value === null) return [column.name, null];
        if (column.type === 'numeric') return [column.name, parseNumber(value)];
        // Only when too few rows have short texts: the example is shown in the documentation, so a long text is cut.
        const text = String(value);
        return [column.name, text.length > SHORT_TEXT ? `${text.slice(0, SHORT_TEXT)}…` : text];
      }),
    ),
  );
}
