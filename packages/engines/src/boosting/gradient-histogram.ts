import { MISSING_BIN } from '../tree/layout.js';

/**
 * Gradient histograms of boosting (sklearn's histogram.pyx with hist_struct {sum_gradients,
 * sum_hessians, count}). A node's histogram is one Float64Array: feature f owns the slots
 * [f * HIST_BINS, (f + 1) * HIST_BINS), one per bin with the missing bin (255) last, and each slot holds
 * GRADIENT_STATS values [Σg, Σh, row count]. Every feature gets all 256 slots, unlike the forest's packed
 * binOffsets, so the build loop indexes by the bin byte with no test for the missing bin; the scan only
 * reads a feature's nBins slots and its missing slot.
 */

/** Values per histogram slot: Σ gradient, Σ hessian (0 when hessians are constant), row count. */
export const GRADIENT_STATS = 3;
/** Slots per feature: bins 0..254 and the missing bin 255. */
export const HIST_BINS = MISSING_BIN + 1;
/** Float64 values per feature in a node's histogram. */
export const FEATURE_STRIDE = HIST_BINS * GRADIENT_STATS;

/** Length of one node's histogram. */
export function gradientHistogramLength(nFeatures: number): number {
  return nFeatures * FEATURE_STRIDE;
}

/**
 * Adds rows[start..end) of a node to a zeroed histogram, every feature.
 *
 * @param hist OUT Float64Array (nFeatures * FEATURE_STRIDE,), zeros on entry.
 * @param binned Uint8Array (nFeatures * nRows,), column-major.
 * @param rows Uint32Array of row indices; null when the node is rows start..end in order (the root),
 *   which reads the columns and gradients straight through.
 * @param gradients Float64Array (nRows,) of this tree's output.
 * @param hessians Float64Array (nRows,), or null when every hessian is the same constant: then Σh is
 *   left 0 and the split finder takes count × constant.
 * @param ordered scratch Float64Array (>= 2 * (end - start),): the node's gradients then hessians,
 *   gathered once so that the per-feature loops read them in order (sklearn's ordered_gradients).
 */
export function buildGradientHistograms(
  hist: Float64Array,
  binned: Uint8Array,
  nRows: number,
  nFeatures: number,
  rows: Uint32Array | null,
  start: number,
  end: number,
  gradients: Float64Array,
  hessians: Float64Array | null,
  ordered: Float64Array,
): void {
  const n = end - start;
  let g = gradients.subarray(start, end);
  let h = hessians === null ? null : hessians.subarray(start, end);
  if (rows !== null) {
    g = ordered.subarray(0, n);
    for (let i = 0; i < n; i++) g[i] = gradients[rows[start + i]];
    if (hessians !== null) {
      h = ordered.subarray(n, 2 * n);
      for (let i = 0; i < n; i++) h[i] = hessians[rows[start + i]];
    }
  }
  for (let f = 0; f < nFeatures; f++) {
    const at = f * FEATURE_STRIDE;
    const column = binned.subarray(f * nRows, (f + 1) * nRows);
    if (rows === null) addInOrder(hist, at, column.subarray(start, end), g, h);
    else addByRow(hist, at, column, rows, start, g, h);
  }
}

/** One feature, rows in column order: column[i] is the bin of the row whose gradient is g[i]. */
function addInOrder(hist: Float64Array, at: number, column: Uint8Array, g: Float64Array, h: Float64Array | null): void {
  const n = g.length;
  if (h === null) {
    for (let i = 0; i < n; i++) {
      const s = at + column[i] * GRADIENT_STATS;
      hist[s] += g[i];
      hist[s + 2] += 1;
    }
    return;
  }
  for (let i = 0; i < n; i++) {
    const s = at + column[i] * GRADIENT_STATS;
    hist[s] += g[i];
    hist[s + 1] += h[i];
    hist[s + 2] += 1;
  }
}

/** One feature, rows by index: rows[start + i] is the row whose ordered gradient is g[i]. */
function addByRow(hist: Float64Array, at: number, column: Uint8Array, rows: Uint32Array, start: number, g: Float64Array, h: Float64Array | null): void {
  const n = g.length;
  if (h === null) {
    for (let i = 0; i < n; i++) {
      const s = at + column[rows[start + i]] * GRADIENT_STATS;
      hist[s] += g[i];
      hist[s + 2] += 1;
    }
    return;
  }
  for (let i = 0; i < n; i++) {
    const s = at + column[rows[start + i]] * GRADIENT_STATS;
    hist[s] += g[i];
    hist[s + 1] += h[i];
    hist[s + 2] += 1;
  }
}
