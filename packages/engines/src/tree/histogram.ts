import { MISSING_BIN, type BinEdges, type StatsLayout, type TreeTarget } from './layout.js';

/**
 * Per-node histograms (sklearn's histogram.pyx). A feature's histogram is (nBins[f] + 1) slots of
 * nStats Float64 values (see StatsLayout), the missing bin in the last slot. A node's full histogram
 * lays the features out back to back at binOffsets[f] * nStats.
 */

/**
 * Adds the rows of one node to one feature's histogram.
 *
 * @param hist OUT Float64Array; the feature's slots start at `at` and must hold zeros or the stats of
 *   other rows (they are added to).
 * @param binned Uint8Array, column-major; this feature's column starts at colOffset.
 * @param missingSlot slot of MISSING_BIN for this feature, i.e. nBins[f].
 * @param rows Uint32Array of row indices; the node owns rows[start..end).
 * @param weights Float64Array (nRows,), > 0 for every row of the node.
 * @param touched OUT Int32Array (8,) bitmap of the bins seen, one bit per bin 0..255 (bin 255 is
 *   missing), or null to skip tracking, which large nodes do since they touch nearly every bin.
 */
export function buildFeatureHistogram(
  hist: Float64Array,
  at: number,
  binned: Uint8Array,
  colOffset: number,
  missingSlot: number,
  rows: Uint32Array,
  start: number,
  end: number,
  target: TreeTarget,
  weights: Float64Array,
  layout: StatsLayout,
  touched: Int32Array | null,
): void {
  if (target.kind === 'classification') {
    buildClassHistogram(hist, at, binned, colOffset, missingSlot, rows, start, end, target.classes, weights, layout, touched);
  } else {
    buildValueHistogram(hist, at, binned, colOffset, missingSlot, rows, start, end, target.values, weights, layout, touched);
  }
}

function buildClassHistogram(
  hist: Float64Array,
  at: number,
  binned: Uint8Array,
  colOffset: number,
  missingSlot: number,
  rows: Uint32Array,
  start: number,
  end: number,
  classes: Int32Array,
  weights: Float64Array,
  { nStats, countIdx }: StatsLayout,
  touched: Int32Array | null,
): void {
  // The common case (dense node, no row counts) gets a loop without per-row tests: ~10% of tree time.
  if (countIdx < 0 && touched === null) {
    for (let i = start; i < end; i++) {
      const row = rows[i];
      const bin = binned[colOffset + row];
      hist[at + (bin === MISSING_BIN ? missingSlot : bin) * nStats + classes[row]] += weights[row];
    }
    return;
  }
  for (let i = start; i < end; i++) {
    const row = rows[i];
    const bin = binned[colOffset + row];
    const s = at + (bin === MISSING_BIN ? missingSlot : bin) * nStats;
    hist[s + classes[row]] += weights[row];
    if (countIdx >= 0) hist[s + countIdx] += 1;
    if (touched !== null) touched[bin >>> 5] |= 1 << (bin & 31);
  }
}

function buildValueHistogram(
  hist: Float64Array,
  at: number,
  binned: Uint8Array,
  colOffset: number,
  missingSlot: number,
  rows: Uint32Array,
  start: number,
  end: number,
  values: Float64Array,
  weights: Float64Array,
  { nStats, countIdx }: StatsLayout,
  touched: Int32Array | null,
): void {
  for (let i = start; i < end; i++) {
    const row = rows[i];
    const bin = binned[colOffset + row];
    const s = at + (bin === MISSING_BIN ? missingSlot : bin) * nStats;
    const w = weights[row];
    const wy = w * values[row];
    hist[s] += w;
    hist[s + 1] += wy;
    hist[s + 2] += wy * values[row];
    if (countIdx >= 0) hist[s + countIdx] += 1;
    if (touched !== null) touched[bin >>> 5] |= 1 << (bin & 31);
  }
}

/**
 * Builds every feature's histogram of a node into a zeroed full-node buffer.
 *
 * @param hist OUT Float64Array (binOffsets[nFeatures] * nStats,), all zeros on entry.
 */
export function buildNodeHistograms(
  hist: Float64Array,
  binned: Uint8Array,
  nRows: number,
  edges: BinEdges,
  rows: Uint32Array,
  start: number,
  end: number,
  target: TreeTarget,
  weights: Float64Array,
  layout: StatsLayout,
): void {
  const { nFeatures, nBins, binOffsets } = edges;
  for (let f = 0; f < nFeatures; f++) {
    const at = binOffsets[f] * layout.nStats;
    buildFeatureHistogram(hist, at, binned, f * nRows, nBins[f], rows, start, end, target, weights, layout, null);
  }
}

/**
 * Turns a parent's histogram into its larger child's: parent − smaller child, slot by slot. Class
 * weights and counts are integers, so the result is exact; regression sums may differ in the last bits.
 *
 * @param parent IN/OUT Float64Array; becomes the sibling's histogram.
 */
export function subtractHistograms(parent: Float64Array, child: Float64Array, length: number): void {
  for (let i = 0; i < length; i++) parent[i] -= child[i];
}

/**
 * Zeros one feature's slots after use, so the buffer can serve the next feature or node. With a
 * bitmap only the touched slots are cleared, and the bitmap is reset.
 */
export function clearFeatureHistogram(
  hist: Float64Array,
  at: number,
  missingSlot: number,
  nStats: number,
  touched: Int32Array | null,
): void {
  if (touched === null) {
    hist.fill(0, at, at + (missingSlot + 1) * nStats);
    return;
  }
  for (let word = 0; word < touched.length; word++) {
    let bits = touched[word];
    while (bits !== 0) {
      const low = bits & -bits;
      const bin = (word << 5) | (31 - Math.clz32(low));
      const s = at + (bin === MISSING_BIN ? missingSlot : bin) * nStats;
      for (let k = 0; k < nStats; k++) hist[s + k] = 0;
      bits ^= low;
    }
    touched[word] = 0;
  }
}

/**
 * Recycles full-node histogram buffers (sklearn's _histogram_pool.py): a depth-first grower holds at
 * most one per pending node, so after the first few nodes nothing more is allocated.
 */
export class HistogramPool {
  private readonly free: Float64Array[] = [];
  private readonly length: number;

  /** @param length Float64 values per buffer: binOffsets[nFeatures] * nStats. */
  constructor(length: number) {
    this.length = length;
  }

  /** A zeroed buffer of `length` values. */
  acquire(): Float64Array {
    const buffer = this.free.pop();
    if (buffer === undefined) return new Float64Array(this.length);
    buffer.fill(0);
    return buffer;
  }

  release(buffer: Float64Array): void {
    this.free.push(buffer);
  }
}
