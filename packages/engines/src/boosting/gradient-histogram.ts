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
 * The node's gradients and hessians are first gathered in row order (sklearn's ordered_gradients);
 * then each pass over the rows fills eight features' histograms (then four, then one), so the row
 * indices and gathered values are read once per eight features while their histograms (48 KB) stay
 * close in cache. The same sums in the same order as one feature per pass (each slot adds its rows in
 * row order). On 80k rows × 28 features, fit time in alternating runs at load 14-20: one feature per
 * pass 13.2 and 11.3 s, four 9.2 and 9.2 s; four 10.4, 13.0, 12.3 s against eight 9.6, 10.8, 9.7 s.
 *
 * @param hist OUT Float64Array (nFeatures * FEATURE_STRIDE,), zeros on entry.
 * @param binned Uint8Array (nFeatures * nRows,), column-major.
 * @param rows Uint32Array of row indices; the node owns rows[start..end).
 * @param gradients Float64Array (nRows,) of this tree's output.
 * @param hessians Float64Array (nRows,), or null when every hessian is the same constant: then Σh is
 *   left 0 and the split finder takes count × constant.
 * @param ordered scratch Float64Array (>= 2 * (end - start),), overwritten.
 */
export function buildGradientHistograms(
  hist: Float64Array,
  binned: Uint8Array,
  nRows: number,
  nFeatures: number,
  rows: Uint32Array,
  start: number,
  end: number,
  gradients: Float64Array,
  hessians: Float64Array | null,
  ordered: Float64Array,
): void {
  const n = end - start;
  const g = ordered.subarray(0, n);
  const h = ordered.subarray(n, 2 * n);
  for (let i = 0; i < n; i++) {
    const row = rows[start + i];
    g[i] = gradients[row];
    h[i] = hessians === null ? 0 : hessians[row];
  }
  const node = rows.subarray(start, end);
  let f = 0;
  for (; f + 7 < nFeatures; f += 8) {
    const c = f * nRows;
    const a = f * FEATURE_STRIDE;
    const [c4, a4] = [c + 4 * nRows, a + 4 * FEATURE_STRIDE];
    for (let i = 0; i < n; i++) {
      const row = node[i];
      const gi = g[i];
      const hi = h[i];
      addToSlot(hist, a + binned[c + row] * GRADIENT_STATS, gi, hi);
      addToSlot(hist, a + FEATURE_STRIDE + binned[c + nRows + row] * GRADIENT_STATS, gi, hi);
      addToSlot(hist, a + 2 * FEATURE_STRIDE + binned[c + 2 * nRows + row] * GRADIENT_STATS, gi, hi);
      addToSlot(hist, a + 3 * FEATURE_STRIDE + binned[c + 3 * nRows + row] * GRADIENT_STATS, gi, hi);
      addToSlot(hist, a4 + binned[c4 + row] * GRADIENT_STATS, gi, hi);
      addToSlot(hist, a4 + FEATURE_STRIDE + binned[c4 + nRows + row] * GRADIENT_STATS, gi, hi);
      addToSlot(hist, a4 + 2 * FEATURE_STRIDE + binned[c4 + 2 * nRows + row] * GRADIENT_STATS, gi, hi);
      addToSlot(hist, a4 + 3 * FEATURE_STRIDE + binned[c4 + 3 * nRows + row] * GRADIENT_STATS, gi, hi);
    }
  }
  for (; f + 3 < nFeatures; f += 4) {
    const c0 = f * nRows;
    const [c1, c2, c3] = [c0 + nRows, c0 + 2 * nRows, c0 + 3 * nRows];
    const a0 = f * FEATURE_STRIDE;
    const [a1, a2, a3] = [a0 + FEATURE_STRIDE, a0 + 2 * FEATURE_STRIDE, a0 + 3 * FEATURE_STRIDE];
    for (let i = 0; i < n; i++) {
      const row = node[i];
      const gi = g[i];
      const hi = h[i];
      addToSlot(hist, a0 + binned[c0 + row] * GRADIENT_STATS, gi, hi);
      addToSlot(hist, a1 + binned[c1 + row] * GRADIENT_STATS, gi, hi);
      addToSlot(hist, a2 + binned[c2 + row] * GRADIENT_STATS, gi, hi);
      addToSlot(hist, a3 + binned[c3 + row] * GRADIENT_STATS, gi, hi);
    }
  }
  for (; f < nFeatures; f++) {
    const column = f * nRows;
    const at = f * FEATURE_STRIDE;
    for (let i = 0; i < n; i++) addToSlot(hist, at + binned[column + node[i]] * GRADIENT_STATS, g[i], h[i]);
  }
}

/** One row into one slot; small enough for V8 to inline into the loops above. */
function addToSlot(hist: Float64Array, s: number, g: number, h: number): void {
  hist[s] += g;
  hist[s + 1] += h;
  hist[s + 2] += 1;
}
