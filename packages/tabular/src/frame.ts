import { invalidInput } from '@tabula/contracts';
import { normalizeCell, type RawValue } from './csv/cell-value.js';

/** A table held column-major: `values[colIdx][row]`. */
export interface Frame {
  columns: string[];
  nRows: number;
  values: RawValue[][];
  /** The 1-based number, in the whole input, of this frame's first row (default 1): a block of a large file names its rows as the file does. */
  firstRow?: number;
}

/**
 * Builds a frame from JSON records (`[{"a": 1, "b": "x"}, …]`). Columns are the union of the
 * records' keys in first-seen order; a key a record lacks is missing there. Strings follow the CSV
 * rules (trimmed, "NA" and friends are missing) so JSON and CSV predictions agree.
 */
export function frameFromRecords(records: Array<Record<string, unknown>>): Frame {
  const columnIndex = new Map<string, number>();
  const values: RawValue[][] = [];
  const problems: string[] = [];

  records.forEach((record, row) => {
    if (record === null || typeof record !== 'object' || Array.isArray(record)) {
      problems.push(`record ${row + 1} is ${describeKind(record)}, not an object`);
      return;
    }
    for (const [key, value] of Object.entries(record)) {
      let colIdx = columnIndex.get(key);
      if (colIdx === undefined) {
        colIdx = values.length;
        columnIndex.set(key, colIdx);
        values.push(new Array<RawValue>(records.length).fill(null));
      }
      const cell = toRawValue(value);
      if (cell === undefined) problems.push(`record ${row + 1} field "${key}" is ${describeKind(value)}`);
      else values[colIdx][row] = cell;
    }
  });

  if (problems.length > 0) {
    throw invalidInput(`Some records hold values that are not scalars: ${problems.slice(0, 5).join('; ')}.`, {
      hint: 'Each record must be a flat object whose values are strings, numbers, booleans or null.',
      details: problems.map((message) => ({ path: 'records', message })),
    });
  }
  return { columns: [...columnIndex.keys()], nRows: records.length, values };
}

/** The cell for a JSON value, or undefined when the value is not a scalar. */
function toRawValue(value: unknown): RawValue | undefined {
  if (value === null || value === undefined) return null;
  if (typeof value === 'string') return normalizeCell(value);
  if (typeof value === 'number') return Number.isFinite(value) ? value : null;
  if (typeof value === 'boolean') return value;
  return undefined;
}

function describeKind(value: unknown): string {
  if (Array.isArray(value)) return 'an array';
  if (value === null) return 'null';
  return typeof value === 'object' ? 'an object' : `a ${typeof value}`;
}
