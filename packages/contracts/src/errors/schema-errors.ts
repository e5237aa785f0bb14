import type { SchemaWarning } from '../input-schema.js';
import { TabulaError } from './tabula-error.js';

// The one answer to JSON records that break a version's input schema (schema_enforcement=strict): 422 with every
// offending field in `details`, so a caller fixes them all in one round trip rather than one per request.

/** Findings listed in the message itself; `details` holds them all, up to MAX_SCHEMA_DETAILS. */
const IN_MESSAGE = 5;
/** Findings listed in `details`: a 10,000-row batch of bad rows must not become a megabyte-sized error. */
export const MAX_SCHEMA_DETAILS = 1000;

/**
 * 422 for records that break the input schema of `model` (e.g. 'model "iris" version 2'). The code is the one these
 * failures had before schemas were checked, so clients that branch on it keep working: MISSING_COLUMN when a required
 * column is absent from every record, else INVALID_VALUE. `total` counts every finding, `findings` may be the first
 * MAX_SCHEMA_DETAILS of them.
 */
export function recordsBreakSchema(model: string, findings: SchemaWarning[], total = findings.length): TabulaError {
  const isColumnMissing = findings.some((finding) => finding.rule === 'missing_value' && finding.row === undefined);
  const listed = findings.slice(0, IN_MESSAGE).map(describeFinding).join('; ');
  const more = total > IN_MESSAGE ? `; and ${total - IN_MESSAGE} more (see details)` : '';
  return new TabulaError(
    isColumnMissing ? 'MISSING_COLUMN' : 'INVALID_VALUE',
    `${total} ${total === 1 ? 'field breaks' : 'fields break'} the input schema of ${model}: ${listed}${more}.`,
    {
      hint:
        'GET /models/{name}/versions/{version}/schema lists each column\'s type, whether it is required, and its categories. ' +
        'Fix the fields named, or send schema_enforcement=warn to score anyway and get these back as warnings.',
      details: findings.slice(0, MAX_SCHEMA_DETAILS).map((finding) => ({
        path: finding.row === undefined ? finding.column : `row ${finding.row}.${finding.column}`,
        message: `${finding.rule}: ${finding.message}`,
      })),
    },
  );
}

function describeFinding({ row, column, message }: SchemaWarning): string {
  return row === undefined ? `column "${column}": ${message}` : `row ${row}, column "${column}": ${message}`;
}
