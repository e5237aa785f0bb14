import { MISSING_BIN } from './layout.js';

/**
 * Splits a node's rows in place (sklearn's splitting.pyx, LightGBM's data_partition.hpp): rows with
 * bin <= binIdx, and missing rows when isMissingLeft, move to the front of rows[start..end), the others
 * to the back. The split is stable, so a node whose rows were ascending yields ascending children and
 * later histogram builds read each column front to back.
 *
 * @param rows IN/OUT Uint32Array of row indices; only rows[start..end) is touched.
 * @param binned Uint8Array, column-major; the split feature's column starts at colOffset.
 * @param scratch Uint32Array with room for end - start values; its contents are overwritten.
 * @returns the position of the first right row: left child = [start, mid), right = [mid, end).
 */
export function partitionRows(
  rows: Uint32Array,
  start: number,
  end: number,
  binned: Uint8Array,
  colOffset: number,
  binIdx: number,
  isMissingLeft: boolean,
  scratch: Uint32Array,
): number {
  const missingBin = isMissingLeft ? MISSING_BIN : -1;
  let mid = start;
  let nRight = 0;
  for (let i = start; i < end; i++) {
    const row = rows[i];
    const bin = binned[colOffset + row];
    if (bin <= binIdx || bin === missingBin) rows[mid++] = row;
    else scratch[nRight++] = row;
  }
  rows.set(scratch.subarray(0, nRight), mid);
  return mid;
}
