import type { Frame } from '@tabula/tabular';

/** A frame without the columns named in columns_to_drop, and the named columns it did not have. */
export interface DroppedColumns {
  frame: Frame;
  /** Names in columns_to_drop that are not columns of the frame: ignored, and reported to the client. */
  absent: string[];
}

/**
 * Drops the named columns that the frame has and ignores the others, as the original API does at
 * prediction time: scoring files usually lack the label that scripts habitually drop, and a script
 * that worked against the original must not break here. (Training, where a misspelt name would
 * silently keep a column as a feature, still refuses an absent one.)
 */
export function dropColumns(frame: Frame, names: string[]): DroppedColumns {
  if (names.length === 0) return { frame, absent: [] };
  const absent = names.filter((name) => !frame.columns.includes(name));
  const keep = frame.columns.map((_, i) => i).filter((i) => !names.includes(frame.columns[i]));
  if (keep.length === frame.columns.length) return { frame, absent };
  // Spread, so that a block keeps firstRow: its rows are still named as the file names them.
  return { frame: { ...frame, columns: keep.map((i) => frame.columns[i]), values: keep.map((i) => frame.values[i]) }, absent };
}
