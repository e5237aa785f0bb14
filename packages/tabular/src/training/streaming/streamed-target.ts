import { invalidInput, modelLimitExceeded, type ClassLabel, type Task } from '@tabula/contracts';
import { describeValue, parseNumber, type RawValue } from '../../csv/cell-value.js';
import { encodeTarget } from '../../preprocessing/encode-target.js';

/** The target of a streamed file: per usable row (target present, in file order) a class index or a value. */
export interface StreamedTarget {
  y: Float64Array;
  classLabels: ClassLabel[] | null;
}

/**
 * Encodes a target column batch by batch, as encodeTarget does for a whole column: a file row whose
 * target is missing is not usable; classification labels are collected in first-seen order as they
 * come and sorted at the end, so only the per-row codes (8 bytes a row) and the distinct labels are
 * held. The final checks and label order are encodeTarget's own, run on the distinct labels.
 */
export class StreamedTargetEncoder {
  private y = new Float64Array(1 << 16);
  private nUsable = 0;
  private readonly codeOf = new Map<string, number>();
  private readonly labels: Array<string | number | boolean> = [];
  private readonly counts: number[] = [];

  constructor(
    private readonly task: Task,
    private readonly targetColumn: string,
    private readonly maxClasses = Infinity,
  ) {}

  get usableRows(): number {
    return this.nUsable;
  }

  /** Adds one file row's target; false when it is missing (the row is not usable). `fileRow` is 1-based, for messages. */
  add(value: RawValue, fileRow: number): boolean {
    if (value === null) return false;
    if (this.nUsable === this.y.length) {
      const grown = new Float64Array(this.y.length * 2);
      grown.set(this.y);
      this.y = grown;
    }
    this.y[this.nUsable++] = this.task === 'regression' ? this.toNumber(value, fileRow) : this.toCode(value);
    return true;
  }

  /** The value or raw class code of the usable row at `position` (classification: final only after finish()). */
  valueAt(position: number): number {
    return this.y[position];
  }

  /** The encoded target: encodeTarget's checks and label order, with every row's code mapped to its class index. */
  finish(): StreamedTarget {
    const y = this.y.subarray(0, this.nUsable);
    // No usable row: encodeTarget's own error.
    if (this.nUsable === 0) encodeTarget([null], this.task, this.targetColumn);
    if (this.task === 'regression') return { y, classLabels: null };
    // Each distinct label once, or twice when it has 2 rows or more: all encodeTarget needs to decide.
    const distinct = this.labels.flatMap((label, code) => (this.counts[code] >= 2 ? [label, label] : [label]));
    const encoded = encodeTarget(distinct, 'classification', this.targetColumn, this.maxClasses);
    const classOfCode = new Float64Array(this.labels.length);
    for (let i = 0, code = 0; code < this.labels.length; code++) {
      classOfCode[code] = encoded.y[i];
      i += this.counts[code] >= 2 ? 2 : 1;
    }
    for (let i = 0; i < y.length; i++) y[i] = classOfCode[y[i]];
    return { y, classLabels: encoded.classLabels };
  }

  private toNumber(value: string | number | boolean, fileRow: number): number {
    const number = parseNumber(value);
    if (number === null) {
      throw invalidInput(`The target column "${this.targetColumn}" must be numeric for regression, but row ${fileRow} holds ${describeValue(value)}.`, {
        hint: 'Fix that value, or use a classifier (RandomForestClassifier, LogisticRegression) for a categorical target.',
      });
    }
    return number;
  }

  private toCode(value: string | number | boolean): number {
    const key = String(value);
    let code = this.codeOf.get(key);
    if (code === undefined) {
      // Raw spellings ("1" and "1.0") may later merge into one class, so this bound is checked again by encodeTarget.
      if (this.labels.length >= this.maxClasses) throw modelLimitExceeded('classes', this.labels.length + 1, this.maxClasses, `The target column "${this.targetColumn}"`);
      code = this.labels.length;
      this.codeOf.set(key, code);
      this.labels.push(value);
      this.counts.push(0);
    }
    this.counts[code]++;
    return code;
  }
}
