import type { SeededRng } from '../random/seeded-rng.js';
import type { BinnedMatrix } from '../tree/layout.js';

/**
 * Splits rows into training and held-out rows for early stopping (sklearn's train_test_split with
 * test_size = fraction, stratified by class for a classifier): a seeded shuffle, then from each class
 * (or from all rows for a regressor) round(fraction × n) rows held out, at least one kept for training.
 *
 * @param y Float64Array (nRows,): class indices (classification) or values.
 * @returns both row lists ascending, so each column is read front to back.
 */
export function holdOutRows(y: Float64Array, isClassification: boolean, fraction: number, rng: SeededRng): { trainRows: Uint32Array; heldOutRows: Uint32Array } {
  const nRows = y.length;
  const shuffled = Uint32Array.from({ length: nRows }, (_, i) => i);
  for (let i = nRows - 1; i > 0; i--) {
    const j = rng.nextBelow(i + 1);
    const t = shuffled[i];
    shuffled[i] = shuffled[j];
    shuffled[j] = t;
  }
  const groups = new Map<number, number[]>();
  for (const row of shuffled) {
    const key = isClassification ? y[row] : 0;
    let group = groups.get(key);
    if (group === undefined) groups.set(key, (group = []));
    group.push(row);
  }
  const heldOut: number[] = [];
  const train: number[] = [];
  for (const group of groups.values()) {
    const nHeldOut = Math.min(group.length - 1, Math.round(fraction * group.length));
    for (let i = 0; i < group.length; i++) (i < nHeldOut ? heldOut : train).push(group[i]);
  }
  return { trainRows: Uint32Array.from(train).sort(), heldOutRows: Uint32Array.from(heldOut).sort() };
}

/** The rows `rows` of a binned matrix, same edges, still column-major. */
export function selectBinnedRows(data: BinnedMatrix, rows: Uint32Array): BinnedMatrix {
  const n = rows.length;
  const binned = new Uint8Array(n * data.nFeatures);
  for (let f = 0; f < data.nFeatures; f++) {
    const from = f * data.nRows;
    const to = f * n;
    for (let i = 0; i < n; i++) binned[to + i] = data.binned[from + rows[i]];
  }
  return { binned, nRows: n, nFeatures: data.nFeatures, edges: data.edges };
}

/** values[rows[i]] for each i. */
export function selectValues(values: Float64Array, rows: Uint32Array): Float64Array {
  return Float64Array.from(rows, (row) => values[row]);
}
