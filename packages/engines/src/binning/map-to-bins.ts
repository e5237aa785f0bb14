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
  // A feature's cuts padded with +Infinity to 256 values: the search then takes eight halving steps
  // whatever the cut count, with no branch on the data (a branching search mispredicts half its steps).
  const cuts = new Float64Array(MISSING_BIN + 1);
  for (let f = 0; f < nFeatures; f++) {
    const offset = f * nRows;
    // The last bin's edge is +Infinity, so the search runs over the finite edges only.
    cuts.fill(Infinity).set(binUpper.subarray(binOffsets[f], binOffsets[f] + nBins[f] - 1));
    for (let row = 0; row < nRows; row++) {
      const x = X[offset + row];
      // The bin is the number of cuts below x: the first bin whose upper edge is >= x.
      let bin = 0;
      for (let step = 128; step > 0; step >>= 1) bin += step * +(cuts[bin + step - 1] < x);
      binned[offset + row] = x === x ? bin : MISSING_BIN;
    }
  }
  return binned;
}
