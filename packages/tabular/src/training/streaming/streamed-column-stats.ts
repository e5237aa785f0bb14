import type { ColumnReport, InputColumn } from '@tabula/contracts';
import { parseNumber, type RawValue } from '../../csv/cell-value.js';
import { TOP_CATEGORIES } from '../data-report.js';

/** Distinct values counted per column at most: past it, `distinct` and `top` describe the values seen until then. */
export const MAX_TRACKED_VALUES = 10_000;

/**
 * One column's data-report figures, gathered a batch at a time: missing cells and min/max/mean are
 * exact over the whole file. Distinct values and the most frequent ones are counted only when asked
 * (the target and dropped columns), up to MAX_TRACKED_VALUES, so a 10-million-row file costs no
 * map of its values; a feature's distinct count is read from the row sample instead (see toReport).
 */
export class StreamedColumnStats {
  private missing = 0;
  private nPresent = 0;
  private isNumeric = true;
  private min = Infinity;
  private max = -Infinity;
  private sum = 0;
  private readonly counts: Map<string, number> | null;
  private readonly numbers: Set<number> | null;

  constructor(
    readonly name: string,
    readonly role: ColumnReport['role'],
    shouldCountValues: boolean,
  ) {
    this.counts = shouldCountValues ? new Map() : null;
    this.numbers = shouldCountValues ? new Set() : null;
  }

  /** Adds every cell of one batch's column. */
  addCells(cells: RawValue[]): void {
    for (let i = 0; i < cells.length; i++) {
      const cell = cells[i];
      if (cell === null) {
        this.missing++;
        continue;
      }
      this.nPresent++;
      if (this.isNumeric) {
        const x = parseNumber(cell);
        if (x === null) this.isNumeric = false;
        else {
          if (x < this.min) this.min = x;
          if (x > this.max) this.max = x;
          this.sum += x;
          if (this.numbers !== null && this.numbers.size < MAX_TRACKED_VALUES) this.numbers.add(x);
        }
      }
      if (this.counts !== null) {
        const key = String(cell);
        const count = this.counts.get(key);
        if (count !== undefined) this.counts.set(key, count + 1);
        else if (this.counts.size < MAX_TRACKED_VALUES) this.counts.set(key, 1);
      }
    }
  }

  /**
   * The column's input-schema entry (buildInputSchema's rule for a numeric feature) over every row of the
   * file: required when no cell was missing, and the exact range, which a sample of the rows would narrow.
   */
  toInputColumn(): InputColumn {
    const range = this.nPresent === 0 ? {} : { min: this.min, max: this.max };
    return { name: this.name, type: 'numeric', required: this.missing === 0 && this.nPresent > 0, ...range };
  }

  /** The column's report; `sampleDistinct` stands in for the distinct count of a column whose values were not counted. */
  toReport(sampleDistinct = 0): ColumnReport {
    const nCells = this.missing + this.nPresent;
    const base = { name: this.name, role: this.role, missing: this.missing, missing_pct: nCells === 0 ? 0 : Math.round((10_000 * this.missing) / nCells) / 100 };
    if (this.isNumeric) {
      const stats = this.nPresent === 0 ? {} : { min: this.min, max: this.max, mean: this.sum / this.nPresent };
      return { ...base, type: 'numeric', distinct: this.numbers?.size ?? sampleDistinct, ...stats };
    }
    const counts = this.counts ?? new Map<string, number>();
    const top = [...counts]
      .sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0))
      .slice(0, TOP_CATEGORIES)
      .map(([value, count]) => ({ value, count }));
    return { ...base, type: 'categorical', distinct: counts.size, top };
  }
}
