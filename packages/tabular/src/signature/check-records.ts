import {
  MAX_SCHEMA_DETAILS,
  type InputColumn,
  type InputColumnType,
  type InputSchema,
  type SchemaRule,
  type SchemaWarning,
} from '@tabula/contracts';
import { describeValue, parseNumber, type RawValue } from '../csv/cell-value.js';
import type { Frame } from '../frame.js';

/**
 * Which findings refuse a record under schema_enforcement=strict (error) and which are only reported
 * under warn (warning). A number outside the training range, or a column the model does not know, is
 * legitimate data that the model scores as it always did; the others are data the model cannot read
 * as it was trained to (docs/model-signature.md has the table).
 */
export const RULE_SEVERITY = {
  missing_value: 'error',
  wrong_type: 'error',
  unknown_category: 'error',
  out_of_range: 'warning',
  unknown_column: 'warning',
} as const satisfies Record<SchemaRule, 'error' | 'warning'>;

export interface CheckRecordsOptions {
  /** Columns a record may hold without a warning: the target, those dropped at training, the request's columns_to_drop. */
  knownColumns?: readonly string[];
}

export interface RecordCheck {
  /** Every finding in row order (column-wide ones first), at most MAX_SCHEMA_DETAILS. */
  findings: SchemaWarning[];
  /** The error-level findings among them, at most MAX_SCHEMA_DETAILS. */
  errors: SchemaWarning[];
  /** Counts of all findings and all errors, also past the lists' cap. */
  nFindings: number;
  nErrors: number;
  /**
   * The frame to score when it is scored anyway (warn), or has no errors: schema columns it lacks added
   * as missing (the model imputes them), and values of the wrong type made missing. Unknown categories
   * stay as sent (they encode as all zeros, as before), and so do the cells of every other column.
   */
  frame: Frame;
}

interface Violation {
  rule: SchemaRule;
  message: string;
}

/** A value that is present, checked against its column: a violation, or null when it fits. */
type ValueRule = (value: Exclude<RawValue, null>, column: InputColumn, categories: ReadonlySet<string> | null) => Violation | null;

const BOOLEAN_TEXT = /^(true|false)$/i;

/** One rule per column type: a new type in INPUT_COLUMN_TYPES does not compile until it has its rule here. */
const VALUE_RULES: Record<InputColumnType, ValueRule> = {
  numeric: (value, column) => {
    const x = parseNumber(value);
    if (x === null) return { rule: 'wrong_type', message: `${describeValue(value)} is not a number` };
    if (column.min !== undefined && x < column.min) return { rule: 'out_of_range', message: `${x} is below the smallest value seen in training (${column.min})` };
    if (column.max !== undefined && x > column.max) return { rule: 'out_of_range', message: `${x} is above the largest value seen in training (${column.max})` };
    return null;
  },
  categorical: (value, _column, categories) =>
    categories === null || categories.has(String(value))
      ? null
      : { rule: 'unknown_category', message: `${describeValue(value)} is not a category seen in training` },
  boolean: (value) =>
    typeof value === 'boolean' || (typeof value === 'string' && BOOLEAN_TEXT.test(value))
      ? null
      : { rule: 'wrong_type', message: `${describeValue(value)} is not true or false` },
  datetime: (value) =>
    typeof value === 'number' || (typeof value === 'string' && !Number.isNaN(Date.parse(value)))
      ? null
      : { rule: 'wrong_type', message: `${describeValue(value)} is not a date or time` },
};

/**
 * Checks a frame of JSON records against a version's input schema, every record and column in one
 * pass, so that one answer names every offending field. Rows are numbered from the frame's firstRow
 * (1-based). The frame given is not changed; the one returned shares its untouched columns.
 */
export function checkRecords(frame: Frame, schema: InputSchema, { knownColumns = [] }: CheckRecordsOptions = {}): RecordCheck {
  const check = new FindingList();
  const firstRow = frame.firstRow ?? 1;
  const schemaNames = new Set(schema.columns.map((column) => column.name));
  const known = new Set(knownColumns);
  const columns = [...frame.columns];
  const values = [...frame.values];

  for (const column of schema.columns) {
    if (frame.columns.includes(column.name)) continue;
    if (column.required) check.add({ column: column.name, rule: 'missing_value', message: 'is required (training had a value in every row) and no record has it' });
    columns.push(column.name);
    values.push(new Array<RawValue>(frame.nRows).fill(null));
  }
  for (const name of frame.columns) {
    if (!schemaNames.has(name) && !known.has(name)) check.add({ column: name, rule: 'unknown_column', message: 'is not an input of the model: ignored' });
  }

  const checked = schema.columns
    .filter((column) => frame.columns.includes(column.name))
    .map((column) => {
      const colIdx = frame.columns.indexOf(column.name);
      const isComplete = column.categories !== undefined && column.categories.length === column.n_categories;
      return { column, colIdx, cells: frame.values[colIdx], rule: VALUE_RULES[column.type], categories: isComplete ? new Set(column.categories) : null };
    });
  // Row by row, so that the capped lists keep the first rows' findings whole.
  for (let row = 0; row < frame.nRows; row++) {
    for (const entry of checked) {
      const value = entry.cells[row];
      if (value === null) {
        if (entry.column.required) check.add({ row: row + firstRow, column: entry.column.name, rule: 'missing_value', message: 'is required (training had a value in every row) and is missing' });
        continue;
      }
      const violation = entry.rule(value, entry.column, entry.categories);
      if (violation === null) continue;
      check.add({ row: row + firstRow, column: entry.column.name, ...violation });
      if (violation.rule === 'wrong_type') {
        // Scored anyway (warn), the value counts as missing, which the model imputes.
        if (values[entry.colIdx] === frame.values[entry.colIdx]) values[entry.colIdx] = [...entry.cells];
        values[entry.colIdx][row] = null;
      }
    }
  }
  return { ...check.result(), frame: { ...frame, columns, values } };
}

/** Findings and errors, each list capped at MAX_SCHEMA_DETAILS, with their full counts. */
class FindingList {
  private readonly findings: SchemaWarning[] = [];
  private readonly errors: SchemaWarning[] = [];
  private nFindings = 0;
  private nErrors = 0;

  add(finding: SchemaWarning): void {
    this.nFindings++;
    if (this.findings.length < MAX_SCHEMA_DETAILS) this.findings.push(finding);
    if (RULE_SEVERITY[finding.rule] !== 'error') return;
    this.nErrors++;
    if (this.errors.length < MAX_SCHEMA_DETAILS) this.errors.push(finding);
  }

  result(): Omit<RecordCheck, 'frame'> {
    return { findings: this.findings, errors: this.errors, nFindings: this.nFindings, nErrors: this.nErrors };
  }
}
