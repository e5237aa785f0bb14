import { createRng, deriveSeed } from '../random/seeded-rng.js';
import type { BinEdges } from '../tree/layout.js';
import { fitBinEdges } from './fit-bin-edges.js';

/** Generator stream of the binning subsample, apart from the trees' streams 0..nEstimators-1. */
const BINNING_STREAM = 0xffffffff;

/**
 * The edges a forest of seed `seed` bins its training matrix with: fitBinEdges drawing its subsample
 * from the forest's own binning stream. One function, so that a caller binning data itself (the
 * trainer's streaming path, on a sample of a large file) gets the edges trainForestSync would fit.
 *
 * @param X Float64Array (nFeatures * nRows,), column-major, NaN for missing.
 */
export function fitForestBinEdges(X: Float64Array, nRows: number, nFeatures: number, seed: number): BinEdges {
  return fitBinEdges(X, nRows, nFeatures, createRng(deriveSeed(seed, BINNING_STREAM)));
}
