import { describe, expect, it } from '@jest/globals';
import { createRng } from '../random/seeded-rng.js';
import { makeBlobs } from '../testing/synthetic-data.js';
import type { FlatForest } from './flat-forest.js';
import { predictForestProba, predictForestValue } from './predict-forest.js';
import { trainForestSync } from './train-forest.js';

/**
 * Naive twin: walk every tree for every row straight from the column-major matrix, then average.
 * It sums the leaves in tree order and scales once, as the walk does, so results match bit for bit.
 */
function naivePredict(forest: FlatForest, X: Float64Array, nRows: number): Float64Array {
  const out = new Float64Array(nRows * forest.nOutputs);
  for (let row = 0; row < nRows; row++) {
    for (let t = 0; t < forest.nTrees; t++) {
      let node = forest.treeRoot[t];
      while (forest.feature[node] !== -1) {
        const x = X[forest.feature[node] * nRows + row];
        const goesLeft = Number.isNaN(x) ? forest.missingLeft[node] === 1 : x <= forest.threshold[node];
        node = goesLeft ? forest.left[node] : forest.right[node];
      }
      for (let k = 0; k < forest.nOutputs; k++) out[row * forest.nOutputs + k] += forest.value[node * forest.nOutputs + k];
    }
  }
  return out.map((sum) => sum * (1 / forest.nTrees));
}

function toRowMajor(X: Float64Array, nRows: number, nFeatures: number): Float64Array {
  return Float64Array.from({ length: X.length }, (_, i) => X[(i % nFeatures) * nRows + Math.floor(i / nFeatures)]);
}

describe('predictForestProba(forest, X, nRows, options)', () => {
  const d = makeBlobs(700, 5, 3, 31, { separation: 0.6, missingRate: 0.1 });
  const forest = trainForestSync(d.X, 700, 5, d.y, { nEstimators: 9, seed: 5 });

  it('should equal the naive per-tree walk', () => {
    expect(predictForestProba(forest, d.X, 700)).toEqual(naivePredict(forest, d.X, 700));
  });

  it('should equal the naive walk bit for bit on rows without NaN (the integer walk on split codes)', () => {
    const complete = makeBlobs(700, 5, 3, 33, { separation: 0.6 });
    expect(predictForestProba(forest, complete.X, 700)).toEqual(naivePredict(forest, complete.X, 700));
  });

  it('should equal the naive walk when the rows span several blocks, only some with NaN (2,000 features: 262 rows a block)', () => {
    const wide = makeBlobs(700, 2_000, 2, 32, { separation: 0.2 });
    const wideForest = trainForestSync(wide.X, 700, 2_000, wide.y, { nEstimators: 3, seed: 1 });
    // Missing cells in the first block only: each feature's cell of row 7.
    const X = wide.X.slice();
    for (let f = 0; f < 2_000; f++) X[f * 700 + 7] = NaN;
    expect(predictForestProba(wideForest, X, 700)).toEqual(naivePredict(wideForest, X, 700));
  });

  it('should give rows of probabilities that sum to 1', () => {
    const proba = predictForestProba(forest, d.X, 700);
    for (let row = 0; row < 700; row++) expect(proba[row * 3] + proba[row * 3 + 1] + proba[row * 3 + 2]).toBeCloseTo(1, 12);
  });

  it('should read a row-major matrix the same way', () => {
    const rowMajor = toRowMajor(d.X, 700, 5);
    expect(predictForestProba(forest, rowMajor, 700, { layout: 'row-major' })).toEqual(predictForestProba(forest, d.X, 700));
  });

  it('should reject a matrix of the wrong width, an unknown layout and a regression forest', () => {
    expect(() => predictForestProba(forest, new Float64Array(12), 3)).toThrow(RangeError);
    expect(() => predictForestProba(forest, d.X, 700, { layout: 'csr' as 'row-major' })).toThrow(RangeError);
    const regressor = trainForestSync(d.X, 700, 5, Float64Array.from(d.y), { nEstimators: 2 });
    expect(() => predictForestProba(regressor, d.X, 700)).toThrow(TypeError);
  });
});

describe('predictForestValue(forest, X, nRows, options)', () => {
  it('should equal the naive per-tree walk of a regression forest', () => {
    const rng = createRng(2);
    const X = Float64Array.from({ length: 400 * 3 }, () => (rng.nextFloat() < 0.05 ? NaN : rng.nextFloat()));
    const y = Float64Array.from({ length: 400 }, (_, r) => (Number.isNaN(X[r]) ? 5 : X[r] * 10));
    const forest = trainForestSync(X, 400, 3, y, { nEstimators: 6, maxDepth: 6 });
    expect(predictForestValue(forest, X, 400)).toEqual(naivePredict(forest, X, 400));
  });
});
