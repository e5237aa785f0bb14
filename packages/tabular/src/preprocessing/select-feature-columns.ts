import { invalidInput } from '@tabula/contracts';

const quote = (names: string[]) => names.map((name) => `"${name}"`).join(', ');

/**
 * The feature columns for training: every column but the target and the dropped ones, in file
 * order. Throws INVALID_INPUT, listing the available columns, when the target or a column to drop
 * is not in the data, when the target is also dropped, or when no feature is left.
 */
export function selectFeatureColumns(columns: string[], targetColumn: string, columnsToDrop: string[]): string[] {
  const available = `Columns in the data: ${quote(columns)}.`;
  if (!columns.includes(targetColumn)) {
    throw invalidInput(`The target column "${targetColumn}" is not in the data.`, {
      hint: `${available}${delimiterHint(columns)} Column names are case-sensitive.`,
      details: [{ path: 'target_column', message: `"${targetColumn}" is not a column` }],
    });
  }
  const unknown = columnsToDrop.filter((name) => !columns.includes(name));
  if (unknown.length > 0) {
    throw invalidInput(`columns_to_drop names ${unknown.length === 1 ? 'a column' : 'columns'} not in the data: ${quote(unknown)}.`, {
      hint: `${available} Remove ${unknown.length === 1 ? 'it' : 'them'} from columns_to_drop.`,
      details: unknown.map((name) => ({ path: 'columns_to_drop', message: `"${name}" is not a column` })),
    });
  }
  if (columnsToDrop.includes(targetColumn)) {
    throw invalidInput(`The target column "${targetColumn}" is also listed in columns_to_drop.`, {
      hint: 'Remove the target from columns_to_drop; it is never used as a feature anyway.',
      details: [{ path: 'columns_to_drop', message: `contains the target "${targetColumn}"` }],
    });
  }
  const features = columns.filter((name) => name !== targetColumn && !columnsToDrop.includes(name));
  if (features.length === 0) {
    throw invalidInput('No feature columns are left once the target and columns_to_drop are removed.', {
      hint: `${available} Keep at least one column besides the target.`,
    });
  }
  return features;
}

/** A file that is not comma-separated parses as one wide column; say so rather than only "not found". */
function delimiterHint(columns: string[]): string {
  if (columns.length !== 1) return '';
  const separator = [';', '\t', '|'].find((candidate) => columns[0].includes(candidate));
  return separator === undefined ? '' : ` The header looks ${separator === '\t' ? 'tab' : `"${separator}"`}-separated; send comma-separated values.`;
}
