import { invalidInput, modelLimitExceeded, type ClassLabel, type Task } from '@tabula/contracts';
import { describeValue, parseNumber, type RawValue } from '../csv/cell-value.js';

/** The usable target: rows with a value, and per such row a class index or a number. */
export interface EncodedTarget {
  /** Frame rows whose target is present, ascending. */
  rows: Uint32Array;
  /** `y[i]` belongs to frame row `rows[i]`: a class index for classification, the value for regression. */
  y: Float64Array;
  /** Sorted class labels (numbers when every label is numeric), or null for regression. */
  classLabels: ClassLabel[] | null;
}

/**
 * Drops rows whose target is missing and encodes the rest. Classification labels are sorted
 * numerically when all are numbers ("0"/"1" become 0 and 1), else as strings, as scikit-learn's
 * LabelEncoder orders them. Throws INVALID_INPUT for an empty, one-class or non-numeric target, or
 * one with a class of a single row, and PAYLOAD_TOO_LARGE (MAX_CLASSES) for more than `maxClasses`
 * classes: a forest stores a value per class in every node, so a 10,000-class target would take
 * gigabytes before any other check failed.
 */
export function encodeTarget(values: RawValue[], task: Task, targetColumn: string, maxClasses = Infinity): EncodedTarget {
  const rows = Uint32Array.from(values.flatMap((value, row) => (value === null ? [] : [row])));
  if (rows.length === 0) {
    throw invalidInput(`The target column "${targetColumn}" has no values: every row is empty or NA.`, {
      hint: 'Choose a target_column that is filled in for the rows you want to learn from.',
    });
  }
  const present = Array.from(rows, (row) => values[row] as string | number | boolean);
  return task === 'regression'
    ? { rows, y: encodeNumbers(present, rows, targetColumn), classLabels: null }
    : { rows, ...encodeClasses(present, targetColumn, maxClasses) };
}

function encodeNumbers(present: Array<string | number | boolean>, rows: Uint32Array, targetColumn: string): Float64Array {
  const y = new Float64Array(present.length);
  for (let i = 0; i < present.length; i++) {
    const number = parseNumber(present[i]);
    if (number === null) {
      throw invalidInput(
        `The target column "${targetColumn}" must be numeric for regression, but row ${rows[i] + 1} holds ${describeValue(present[i])}.`,
        { hint: 'Fix that value, or use a classifier (RandomForestClassifier, LogisticRegression) for a categorical target.' },
      );
    }
    y[i] = number;
  }
  return y;
}

function encodeClasses(present: Array<string | number | boolean>, targetColumn: string, maxClasses: number): Pick<EncodedTarget, 'y' | 'classLabels'> {
  const numbers = present.map(parseNumber);
  const isNumeric = numbers.every((number) => number !== null);
  if (isNumeric && numbers.some((number) => !Number.isInteger(number))) {
    const example = numbers.find((number) => !Number.isInteger(number));
    throw invalidInput(
      `The target column "${targetColumn}" holds continuous numbers (e.g. ${example}), which cannot be classes.`,
      { hint: 'Use RandomForestRegressor to predict a number, or give the classes as whole numbers or names.' },
    );
  }
  const keys: Array<string | number> = isNumeric ? (numbers as number[]) : present.map(String);
  const distinct = new Set(keys);
  if (distinct.size > maxClasses) throw modelLimitExceeded('classes', distinct.size, maxClasses, `The target column "${targetColumn}"`);
  const classLabels = [...distinct].sort(isNumeric ? (a, b) => (a as number) - (b as number) : compareText);
  if (classLabels.length < 2) {
    throw invalidInput(`The target column "${targetColumn}" has one class: ${describeValue(classLabels[0])}.`, {
      hint: 'Classification needs at least two classes; check the target column and any rows you filtered out.',
    });
  }
  const indexOf = new Map<string | number, number>(classLabels.map((label, idx) => [label, idx]));
  const y = Float64Array.from(keys, (key) => indexOf.get(key) as number);
  assertEveryClassHasTwoRows(y, classLabels, targetColumn);
  return { y, classLabels };
}

/** A class needs a row to learn from and one to test on; with fewer, its held-out scores would be made up. */
function assertEveryClassHasTwoRows(y: Float64Array, classLabels: Array<string | number>, targetColumn: string): void {
  const counts = new Array<number>(classLabels.length).fill(0);
  for (const c of y) counts[c]++;
  const rare = classLabels.filter((_, c) => counts[c] < 2);
  if (rare.length === 0) return;
  const listed = rare.slice(0, 10).map((label) => `${describeValue(label)} (1 row)`).join(', ');
  throw invalidInput(
    `The target column "${targetColumn}" has ${rare.length === 1 ? 'a class' : `${rare.length} classes`} with fewer than 2 rows: ${listed}${rare.length > 10 ? ', …' : ''}. Every class needs at least 2: one to train on and one to test with.`,
    {
      hint: 'Add rows of those classes, merge them into a larger class, or remove their rows before training.',
      details: rare.map((label) => ({ path: 'target_column', message: `class ${describeValue(label)} has 1 row` })),
    },
  );
}

function compareText(a: string | number, b: string | number): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
