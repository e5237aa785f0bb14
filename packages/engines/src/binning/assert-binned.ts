import { MISSING_BIN, type BinEdges } from '../tree/layout.js';
import { assertCount } from '../validation/input-checks.js';

/**
 * Checks a matrix that was binned outside the engine (the trainer's streaming path bins a file batch
 * by batch) before trees grow on it: the grower trusts every byte to be a bin of its feature, so one
 * out of range would index past a histogram.
 *
 * @param binned Uint8Array (nFeatures * nRows,), column-major; each value < edges.nBins[f] or MISSING_BIN.
 * @throws TypeError / RangeError naming the first bad value.
 */
export function assertBinned(binned: Uint8Array, nRows: number, edges: BinEdges): void {
  if (!(binned instanceof Uint8Array)) throw new TypeError('binned must be a Uint8Array');
  assertCount(nRows, 'nRows', 1);
  const { nFeatures, nBins, binOffsets, binUpper } = edges;
  assertCount(nFeatures, 'edges.nFeatures', 1);
  if (nBins.length !== nFeatures || binOffsets.length !== nFeatures + 1 || binUpper.length !== binOffsets[nFeatures]) {
    throw new RangeError('edges are not shaped for edges.nFeatures features');
  }
  if (binned.length !== nRows * nFeatures) throw new RangeError(`binned has length ${binned.length}, expected nRows * nFeatures = ${nRows * nFeatures}`);
  for (let f = 0; f < nFeatures; f++) {
    const limit = nBins[f];
    const offset = f * nRows;
    for (let row = 0; row < nRows; row++) {
      const bin = binned[offset + row];
      if (bin >= limit && bin !== MISSING_BIN) throw new RangeError(`binned[${offset + row}] = ${bin} is no bin of feature ${f} (it has ${limit})`);
    }
  }
}
