import { FEATURE_STRIDE, GRADIENT_STATS } from './gradient-histogram.js';
import { MISSING_BIN } from '../tree/layout.js';

/** The best split of a node so far (sklearn's SplitInfo), with its left child's sums. */
export class GradientSplit {
  /** -1 while no split with a positive gain has been found. */
  featureIdx = -1;
  /** Rows with bin <= binIdx go left. */
  binIdx = 0;
  isMissingLeft = false;
  /** G_L²/(H_L+λ) + G_R²/(H_R+λ) − G²/(H+λ); only splits above 0 are kept (sklearn's min_gain_to_split). */
  gain = 0;
  sumGradientLeft = 0;
  sumHessianLeft = 0;
  countLeft = 0;

  reset(): void {
    this.featureIdx = -1;
    this.binIdx = 0;
    this.isMissingLeft = false;
    this.gain = 0;
  }
}

/** What a split must satisfy, fixed for a whole training. */
export interface SplitConstraints {
  /** λ, added to every hessian sum. */
  l2Regularization: number;
  /** Fewest rows in each child. */
  minSamplesLeaf: number;
  /** Smallest hessian sum of each child (sklearn's min_hessian_to_split, 1e-3). */
  minHessianToSplit: number;
  /** > 0 when every row's hessian is this constant: Σh is then count × constant. */
  constantHessian: number;
}

/** The node whose histogram is scanned: its sums over all its rows. */
export interface NodeSums {
  sumGradient: number;
  sumHessian: number;
  count: number;
}

/**
 * Finds the best split of a node from its gradient histogram (sklearn's splitting.pyx, LightGBM's
 * feature_histogram.hpp). Per feature, one left-to-right scan over the bins accumulates the left
 * sums (right = node − left); where the node has missing rows each threshold is tried with them on
 * either side. A node without missing rows sends NaN at predict time to the child with more rows, as
 * sklearn does. Ties go to the first feature in `features`, then the lowest bin, then missing right.
 *
 * @param hist Float64Array, the node's histogram (see gradient-histogram.ts).
 * @param nBins Uint16Array (nFeatures,): non-missing bins per feature.
 * @param features Int32Array: the features to scan, ascending; only the first nFeatures are read.
 * @param best OUT: reset, then set to the best split, featureIdx -1 when none has a positive gain.
 */
export function findGradientSplit(
  hist: Float64Array,
  nBins: Uint16Array,
  features: Int32Array,
  nFeatures: number,
  node: NodeSums,
  constraints: SplitConstraints,
  best: GradientSplit,
): void {
  const { l2Regularization: lambda, minSamplesLeaf, minHessianToSplit, constantHessian } = constraints;
  const isConstantHessian = constantHessian > 0;
  const { sumGradient: G, sumHessian: H, count: N } = node;
  const parentScore = (G * G) / (H + lambda);
  best.reset();
  for (let j = 0; j < nFeatures; j++) {
    const featureIdx = features[j];
    const at = featureIdx * FEATURE_STRIDE;
    const missing = at + MISSING_BIN * GRADIENT_STATS;
    const mg = hist[missing];
    const mn = hist[missing + 2];
    const mh = isConstantHessian ? mn * constantHessian : hist[missing + 1];
    const nSides = mn > 0 ? 2 : 1;
    let gL = 0;
    let hL = 0;
    let nL = 0;
    const binEnd = at + nBins[featureIdx] * GRADIENT_STATS;
    for (let s = at; s < binEnd; s += GRADIENT_STATS) {
      const binCount = hist[s + 2];
      // An empty bin repeats the previous threshold.
      if (binCount === 0) continue;
      gL += hist[s];
      hL += hist[s + 1];
      nL += binCount;
      for (let side = 0; side < nSides; side++) {
        const countLeft = nL + side * mn;
        const countRight = N - countLeft;
        if (countLeft < minSamplesLeaf || countRight < minSamplesLeaf) continue;
        const hessianLeft = isConstantHessian ? countLeft * constantHessian : hL + side * mh;
        const hessianRight = H - hessianLeft;
        if (hessianLeft < minHessianToSplit || hessianRight < minHessianToSplit) continue;
        const gradientLeft = gL + side * mg;
        const gradientRight = G - gradientLeft;
        const gain = (gradientLeft * gradientLeft) / (hessianLeft + lambda) + (gradientRight * gradientRight) / (hessianRight + lambda) - parentScore;
        if (gain > best.gain) {
          best.featureIdx = featureIdx;
          best.binIdx = (s - at) / GRADIENT_STATS;
          best.isMissingLeft = nSides === 2 ? side === 1 : countLeft >= countRight;
          best.gain = gain;
          best.sumGradientLeft = gradientLeft;
          best.sumHessianLeft = hessianLeft;
          best.countLeft = countLeft;
        }
      }
    }
  }
}
