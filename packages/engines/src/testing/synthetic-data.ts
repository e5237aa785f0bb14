import { createRng, type SeededRng } from '../random/seeded-rng.js';

/**
 * Seeded datasets and metrics shared by the engine tests (not part of the public API). Matrices are
 * column-major Float64Array, like every engine input.
 */

export function gaussian(rng: SeededRng): number {
  const u = 1 - rng.nextFloat();
  return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * rng.nextFloat());
}

export interface ClassDataset {
  X: Float64Array;
  y: Uint8Array;
  nRows: number;
  nFeatures: number;
  nClasses: number;
}

/**
 * Iris-like blobs: class k is a gaussian around a random centre `separation` apart on average.
 * `weights` gives class proportions (balanced when omitted); `missingRate` blanks cells with NaN.
 */
export function makeBlobs(
  nRows: number,
  nFeatures: number,
  nClasses: number,
  seed: number,
  options: { separation?: number; weights?: number[]; missingRate?: number } = {},
): ClassDataset {
  const rng = createRng(seed);
  const separation = options.separation ?? 2;
  const weights = options.weights ?? new Array<number>(nClasses).fill(1 / nClasses);
  const centres = Array.from({ length: nClasses * nFeatures }, () => gaussian(rng) * separation);
  const X = new Float64Array(nRows * nFeatures);
  const y = new Uint8Array(nRows);
  for (let row = 0; row < nRows; row++) {
    let u = rng.nextFloat();
    let k = 0;
    while (k < nClasses - 1 && u >= weights[k]) u -= weights[k++];
    y[row] = k;
    for (let f = 0; f < nFeatures; f++) {
      const isMissing = rng.nextFloat() < (options.missingRate ?? 0);
      X[f * nRows + row] = isMissing ? NaN : centres[k * nFeatures + f] + gaussian(rng);
    }
  }
  return { X, y, nRows, nFeatures, nClasses };
}

/** Rows [from, to) of a column-major matrix, still column-major. */
export function sliceRows(X: Float64Array, nRows: number, nFeatures: number, from: number, to: number): Float64Array {
  const out = new Float64Array((to - from) * nFeatures);
  for (let f = 0; f < nFeatures; f++) out.set(X.subarray(f * nRows + from, f * nRows + to), f * (to - from));
  return out;
}

/** ROC AUC of scores for the positive class, ties counted half (Mann–Whitney U). */
export function rocAuc(scores: ArrayLike<number>, isPositive: ArrayLike<boolean | number>): number {
  const order = Array.from({ length: scores.length }, (_, i) => i).sort((a, b) => scores[a] - scores[b]);
  let rankSumPositive = 0;
  let nPositive = 0;
  for (let i = 0; i < order.length; ) {
    let j = i;
    while (j < order.length && scores[order[j]] === scores[order[i]]) j++;
    const midRank = (i + j + 1) / 2;
    for (let t = i; t < j; t++) {
      if (isPositive[order[t]]) {
        rankSumPositive += midRank;
        nPositive++;
      }
    }
    i = j;
  }
  const nNegative = order.length - nPositive;
  return (rankSumPositive - (nPositive * (nPositive + 1)) / 2) / (nPositive * nNegative);
}

/** Fraction of rows whose highest-probability class (row-major nRows × nClasses) equals y. */
export function accuracy(proba: Float64Array, y: ArrayLike<number>, nClasses: number): number {
  let correct = 0;
  for (let row = 0; row < y.length; row++) {
    let bestK = 0;
    for (let k = 1; k < nClasses; k++) if (proba[row * nClasses + k] > proba[row * nClasses + bestK]) bestK = k;
    if (bestK === y[row]) correct++;
  }
  return correct / y.length;
}
