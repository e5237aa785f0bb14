import type { BenchDataset } from './labelled-matrix.js';
import { sliceRows } from './labelled-matrix.js';
import { makeClassification } from './make-classification.js';

export interface SyntheticSpec {
  /** Training rows; a quarter as many again are generated as held-out rows. */
  nRows: number;
  nFeatures: number;
  /** Negatives per positive after label noise: 9 for 9:1, 99 for 99:1. */
  imbalance: number;
  seed: number;
}

// 10 informative and 2 redundant features, as in our earlier engine bench.
const SHAPE = { nInformative: 10, nRedundant: 2, classSep: 1 };
/**
 * Labels flipped, as a share of the positive share: at either imbalance 5 % of the positives are
 * noise, and 9:1 gets scikit-learn's default flip_y of 0.01. A fixed flip_y would make half the
 * positives of a 99:1 set noise.
 */
const FLIP_PER_POSITIVE = 0.1;

/** "10k×20 9:1": whole thousands as k, other counts with separators, as the issue names the sets. */
export function syntheticName({ nRows, nFeatures, imbalance }: Omit<SyntheticSpec, 'seed'>): string {
  const rows = nRows % 1000 === 0 ? `${nRows / 1000}k` : nRows.toLocaleString('en-US');
  return `${rows}×${nFeatures} ${imbalance}:1`;
}

/**
 * A binary make_classification set. A flipped label picks a class at random, so class 0's weight is
 * set for the positive share after flipping to be 1 / (imbalance + 1): 99:1 means 1 % positives.
 */
export function makeSyntheticDataset(spec: SyntheticSpec): BenchDataset {
  const nTest = Math.floor(spec.nRows / 4);
  const positiveShare = 1 / (spec.imbalance + 1);
  const flipY = FLIP_PER_POSITIVE * positiveShare;
  const majorityWeight = 1 - (positiveShare - flipY / 2) / (1 - flipY);
  const all = makeClassification({ ...SHAPE, nRows: spec.nRows + nTest, nFeatures: spec.nFeatures, majorityWeight, flipY, seed: spec.seed });
  const matrix = { X: all.X, nRows: spec.nRows + nTest, nFeatures: spec.nFeatures, y: all.y };
  return {
    name: syntheticName(spec),
    nClasses: 2,
    // Rows are drawn independently, so the last quarter is a random held-out sample.
    train: sliceRows(matrix, 0, spec.nRows),
    test: sliceRows(matrix, spec.nRows, spec.nRows + nTest),
  };
}
