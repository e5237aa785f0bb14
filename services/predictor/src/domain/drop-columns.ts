import { invalidInput } from '@tabula/contracts';
import type { Frame } from '@tabula/tabular';

/** The frame without the named columns; naming a column the file lacks is a 400 (same rule as /train). */
export function dropColumns(frame: Frame, names: string[]): Frame {
  if (names.length === 0) return frame;
  const unknown = names.filter((name) => !frame.columns.includes(name));
  if (unknown.length > 0) {
    throw invalidInput(`columns_to_drop names ${unknown.map((n) => `"${n}"`).join(', ')}, not in the file.`, {
      hint: `Columns in the file: ${frame.columns.map((c) => `"${c}"`).join(', ')}.`,
      details: unknown.map((name) => ({ path: 'columns_to_drop', message: `"${name}" is not a column of the file` })),
    });
  }
  const keep = frame.columns.map((_, i) => i).filter((i) => !names.includes(frame.columns[i]));
  return { columns: keep.map((i) => frame.columns[i]), nRows: frame.nRows, values: keep.map((i) => frame.values[i]) };
}
