import { MISSING_BIN, type BinEdges } from '../tree/layout.js';

/**
 * Maps a raw matrix to bin indices with fitted edges: bin b is the first whose upper edge is >= x
 * (sklearn's _map_num_col_to_bins), NaN goes to MISSING_BIN.
 *
 * @param X Float64Array (nFeatures * nRows,), column-major.
 * @param out OUT Uint8Array (nFeatures * nRows,), column-major; pass a view over a SharedArrayBuffer to
 *   share the result with workers. Allocated when omitted.
 */
export function mapToBins(X: Float64Array, nRows: number, edges: BinEdges, out?: Uint8Array): Uint8Array {
  const { nFeatures, nBins, binOffsets, binUpper } = edges;
  const binned = out ?? new Uint8Array(nFeatures * nRows);
  if (binned.length !== nFeatures * nRows) {
    throw new RangeError(`out has length ${binned.length}, expected ${nFeatures * nRows}`);
  }
  for (let f = 0; f < nFeatures; f++) {
    const offset = f * nRows;
    const first = binOffsets[f];
    // The last bin's edge is +Infinity, so the search runs over the finite edges only.
    const nCuts = nBins[f] - 1;
    for (let row = 0; row < nRows; row++) {
      const x = X[offset + row];
      if (x !== x) {
        binned[offset + row] = MISSING_BIN;
        continue;
      }
      let lo = 0;
      let hi = nCuts;
      while (lo < hi) {
        const mid = (lo + hi) >>> 1;
        if (x <= binUpper[first + mid]) hi = mid;
        else lo = mid + 1;
      }
      binned[offset + row] = lo;
    }
  }
  return binned;
}
