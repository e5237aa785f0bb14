import type { SeededRng } from '../random/seeded-rng.js';

/**
 * Draws a bootstrap sample as per-row counts (sklearn's _forest.py): nRows draws with replacement,
 * used as weights, never as a copy of the rows. About 63% of the rows get a count above 0.
 *
 * @param out OUT Float64Array (nRows,) to write the counts into (it is zeroed first); a new one when absent.
 * @returns Float64Array (nRows,) of counts summing to nRows.
 */
export function drawBootstrapWeights(nRows: number, rng: SeededRng, out?: Float64Array): Float64Array {
  const counts = out === undefined ? new Float64Array(nRows) : out.fill(0);
  for (let i = 0; i < nRows; i++) counts[rng.nextBelow(nRows)] += 1;
  return counts;
}
