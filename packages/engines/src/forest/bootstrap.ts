import type { SeededRng } from '../random/seeded-rng.js';

/**
 * Draws a bootstrap sample as per-row counts (sklearn's _forest.py): nRows draws with replacement,
 * used as weights, never as a copy of the rows. About 63% of the rows get a count above 0.
 *
 * @returns Float64Array (nRows,) of counts summing to nRows.
 */
export function drawBootstrapWeights(nRows: number, rng: SeededRng): Float64Array {
  const counts = new Float64Array(nRows);
  for (let i = 0; i < nRows; i++) counts[rng.nextBelow(nRows)] += 1;
  return counts;
}
