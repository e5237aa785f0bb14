import type { SeededRng } from '../random/seeded-rng.js';
import { MAX_BINS, type BinEdges } from '../tree/layout.js';

/** sklearn's binning subsample: quantiles from 200k rows are as good as from all of them. */
export const BINNING_SUBSAMPLE_ROWS = 200_000;

/**
 * Fits per-feature bin edges, as sklearn's _BinMapper does.
 *
 * A feature with at most maxBins distinct non-missing values gets one bin per value, cut at the
 * midpoints between consecutive values. Otherwise the cuts are maxBins - 1 evenly spaced quantiles
 * ('midpoint' interpolation) of a subsample of at most `subsampleRows` rows; equal cuts are merged, so
 * a heavily tied feature uses fewer bins. NaN is ignored here and later mapped to MISSING_BIN.
 *
 * @param X Float64Array (nFeatures * nRows,), column-major, NaN for missing.
 * @param rng draws the subsample; unused when nRows <= subsampleRows.
 * @param maxBins most non-missing bins per feature, in [2, MAX_BINS] (sklearn's max_bins).
 * @returns edges with binUpper in raw units (last bin +Infinity, missing slot NaN).
 */
export function fitBinEdges(
  X: Float64Array,
  nRows: number,
  nFeatures: number,
  rng: SeededRng,
  subsampleRows = BINNING_SUBSAMPLE_ROWS,
  maxBins = MAX_BINS,
): BinEdges {
  if (!Number.isInteger(maxBins) || maxBins < 2 || maxBins > MAX_BINS) throw new RangeError(`maxBins must be an integer in [2, ${MAX_BINS}], got ${maxBins}`);
  const rows = chooseRows(nRows, subsampleRows, rng);
  const column = new Float64Array(rows.length);
  const cutsPerFeature: Float64Array[] = [];
  for (let f = 0; f < nFeatures; f++) {
    const offset = f * nRows;
    let n = 0;
    for (let i = 0; i < rows.length; i++) {
      const x = X[offset + rows[i]];
      if (x === x) column[n++] = x;
    }
    cutsPerFeature.push(findCuts(column.subarray(0, n).sort(), maxBins));
  }
  const nBins = new Uint16Array(nFeatures);
  const binOffsets = new Uint32Array(nFeatures + 1);
  for (let f = 0; f < nFeatures; f++) {
    nBins[f] = cutsPerFeature[f].length + 1;
    binOffsets[f + 1] = binOffsets[f] + nBins[f] + 1;
  }
  const binUpper = new Float64Array(binOffsets[nFeatures]);
  for (let f = 0; f < nFeatures; f++) {
    const start = binOffsets[f];
    binUpper.set(cutsPerFeature[f], start);
    binUpper[start + nBins[f] - 1] = Infinity;
    binUpper[start + nBins[f]] = NaN;
  }
  return { nFeatures, nBins, binOffsets, binUpper };
}

/**
 * Row indices to fit on: all rows, or a seeded sample of subsampleRows without replacement (partial
 * Fisher–Yates), ascending.
 */
export function chooseRows(nRows: number, subsampleRows: number, rng: SeededRng): Uint32Array {
  const all = new Uint32Array(nRows);
  for (let i = 0; i < nRows; i++) all[i] = i;
  if (nRows <= subsampleRows) return all;
  for (let i = 0; i < subsampleRows; i++) {
    const j = i + rng.nextBelow(nRows - i);
    const t = all[i];
    all[i] = all[j];
    all[j] = t;
  }
  // Sorted rows read each column front to back.
  return all.subarray(0, subsampleRows).sort();
}

/** Cut points between bins for one sorted, NaN-free column. */
function findCuts(sorted: Float64Array, maxBins: number): Float64Array {
  const n = sorted.length;
  const distinct: number[] = [];
  for (let i = 0; i < n && distinct.length <= maxBins; i++) {
    if (i === 0 || sorted[i] !== sorted[i - 1]) distinct.push(sorted[i]);
  }
  if (distinct.length <= maxBins) {
    const cuts = new Float64Array(Math.max(0, distinct.length - 1));
    for (let i = 0; i < cuts.length; i++) cuts[i] = midpoint(distinct[i], distinct[i + 1]);
    return cuts;
  }
  const cuts: number[] = [];
  for (let q = 1; q < maxBins; q++) {
    // numpy's percentile(method='midpoint') at q / maxBins.
    const h = ((n - 1) * q) / maxBins;
    const cut = midpoint(sorted[Math.floor(h)], sorted[Math.ceil(h)]);
    if (cuts.length === 0 || cut > cuts[cuts.length - 1]) cuts.push(cut);
  }
  // A cut equal to the column maximum would leave the last bin empty.
  if (cuts[cuts.length - 1] >= sorted[n - 1]) cuts.pop();
  return Float64Array.from(cuts);
}

/** Midpoint that never rounds onto a or past b, so a stays left of the cut. */
function midpoint(a: number, b: number): number {
  const m = a + (b - a) / 2;
  return m < b ? m : a;
}
