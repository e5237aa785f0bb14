import { describe, expect, it } from '@jest/globals';
import type { Estimator } from '../estimators/estimator.js';
import { MAX_ROWS, N_REPEATS, permutationImportance } from './permutation-importance.js';
import type { PreprocessorState } from '../preprocessing/preprocessor-state.js';
import { createUniformRng } from '../training/training-rng.js';

/** Matrix columns: x (numeric), then color=blue and color=red (one-hot), then noise. */
const PREPROCESSOR: PreprocessorState = {
  columns: [
    { name: 'x', type: 'numeric', median: 0 },
    { name: 'color', type: 'categorical', mode: 'red', categories: ['blue', 'red'] },
    { name: 'noise', type: 'numeric', median: 0 },
    { name: 'never_seen', type: 'categorical', mode: null, categories: [] },
  ],
};

function makeTest(nRows: number) {
  const rng = createUniformRng(9);
  const X = new Float64Array(4 * nRows);
  const y = new Float64Array(nRows);
  for (let row = 0; row < nRows; row++) {
    const isRed = rng() < 0.5;
    X[row] = rng() * 2 - 1;
    X[nRows + row] = isRed ? 0 : 1;
    X[2 * nRows + row] = isRed ? 1 : 0;
    X[3 * nRows + row] = rng();
    y[row] = Number(X[row] > 0 && isRed);
  }
  return { test: { X, nRows, nFeatures: 4 }, y };
}

/** Predicts exactly the rule that made y: class 1 when x > 0 and the row is red. */
const ruleEstimator: Estimator = {
  nFeatures: 4,
  engineOptions: {},
  predict: (X, nRows) => Float64Array.from({ length: nRows }, (_, row) => Number(X[row] > 0 && X[2 * nRows + row] === 1)),
  toJSON: () => {
    throw new Error('not needed');
  },
};

describe('permutationImportance(estimator, preprocessor, test, yTest, isClassifier, rng)', () => {
  const { test, y } = makeTest(400);
  const result = permutationImportance(ruleEstimator, PREPROCESSOR, test, y, true, createUniformRng(1));

  it('should give one importance per input column, one-hot columns shuffled together, largest first', () => {
    expect(result).toMatchObject({ method: 'permutation', scoring: 'accuracy', n_repeats: N_REPEATS, n_rows: 400 });
    expect(result.importances.map((entry) => entry.feature).slice(0, 2).sort()).toEqual(['color', 'x']);
    for (const entry of result.importances.slice(0, 2)) expect(entry.importance).toBeGreaterThan(0.1);
    expect(result.importances.slice(2)).toEqual([
      { feature: 'noise', importance: 0, std: 0 },
      { feature: 'never_seen', importance: 0, std: 0 },
    ]);
  });

  it('should repeat itself for a seed and leave the test matrix untouched', () => {
    const copy = Float64Array.from(test.X);
    expect(permutationImportance(ruleEstimator, PREPROCESSOR, test, y, true, createUniformRng(1))).toEqual(result);
    expect(test.X).toEqual(copy);
  });

  it(`should score at most ${MAX_ROWS} rows`, () => {
    const big = makeTest(MAX_ROWS + 500);
    expect(permutationImportance(ruleEstimator, PREPROCESSOR, big.test, big.y, true, createUniformRng(2)).n_rows).toBe(MAX_ROWS);
  });
});
