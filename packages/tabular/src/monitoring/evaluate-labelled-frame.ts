import { invalidInput, missingColumns, nonNumericTarget, unknownTargetClass, type Metrics } from '@tabula/contracts';
import { describeValue, parseNumber, type RawValue } from '../csv/cell-value.js';
import type { Frame } from '../frame.js';
import { labelMetrics } from '../metrics/classification-metrics.js';
import { confusionMatrix } from '../metrics/confusion-matrix.js';
import { probabilityMetrics } from '../metrics/probability-metrics.js';
import { regressionMetrics } from '../metrics/regression-metrics.js';
import type { TabularModel } from '../tabular-model.js';

export interface LabelledScores {
  metrics: Metrics;
  /** Rows scored: those with a label. */
  nRows: number;
}

/**
 * Scores a model on labelled rows with the metrics training reports (the same functions as the
 * held-out evaluation), so the two can be compared. Rows without a label are skipped; a label the
 * model never saw is INVALID_VALUE, naming it.
 */
export function evaluateLabelledFrame(model: TabularModel, frame: Frame, targetColumn: string): LabelledScores {
  const targetIndex = frame.columns.indexOf(targetColumn);
  if (targetIndex === -1) throw missingColumns([targetColumn], frame.columns);
  const rows = frame.values[targetIndex].flatMap((value, row) => (value === null ? [] : [row]));
  if (rows.length === 0) {
    throw invalidInput(`The target column "${targetColumn}" has no values: every row is empty or NA.`, {
      hint: 'Send rows whose true label or value is filled in.',
    });
  }
  const labelled: Frame = { columns: frame.columns, nRows: rows.length, values: frame.values.map((column) => rows.map((row) => column[row])) };
  const targets = labelled.values[targetIndex];
  const labels = model.classLabels;
  if (labels === null) {
    const y = Float64Array.from(targets, (value, i) => numericTarget(value, targetColumn, rows[i]));
    return { metrics: regressionMetrics(y, model.predict(labelled).predictions as number[]), nRows: rows.length };
  }
  const indexOf = new Map(labels.map((label, c) => [String(label), c]));
  const y = Float64Array.from(targets, (value, i) => {
    const c = indexOf.get(String(parseNumber(value) ?? value));
    if (c !== undefined) return c;
    throw unknownTargetClass(targetColumn, rows[i] + 1, describeValue(value), labels);
  });
  const { predictions, probabilities = [] } = model.predict(labelled, { returnProba: true });
  const keys = labels.map(String);
  const proba = Float64Array.from(probabilities.flatMap((p) => keys.map((key) => p[key])));
  const predicted = Float64Array.from(predictions, (label) => indexOf.get(String(label)) as number);
  return { metrics: { ...labelMetrics(confusionMatrix(y, predicted, labels.length)), ...probabilityMetrics(y, proba, labels.length) }, nRows: rows.length };
}

function numericTarget(value: RawValue, targetColumn: string, row: number): number {
  const number = parseNumber(value);
  if (number !== null) return number;
  throw nonNumericTarget(targetColumn, row + 1, describeValue(value));
}
