import { createUniformRng } from '../../training/training-rng.js';
import type { TrainingData } from '../estimator.js';

/**
 * Test data for the tabula estimators: nFeatures uniform features, all informative with decreasing
 * weight; the class is the tercile (3 classes), the sign (2) of their weighted sum, or the sum itself
 * (0 classes: regression).
 */
export function makeTabulaData(nRows: number, nFeatures: number, nClasses: number, seed: number): TrainingData {
  const rng = createUniformRng(seed);
  const X = new Float64Array(nFeatures * nRows);
  const y = new Float64Array(nRows);
  for (let row = 0; row < nRows; row++) {
    let score = 0;
    for (let f = 0; f < nFeatures; f++) {
      const x = rng() * 2 - 1;
      X[f * nRows + row] = x;
      score += x / (1 + f / 2);
    }
    y[row] = nClasses === 0 ? score : nClasses === 2 ? Number(score > 0) : score < -0.4 ? 0 : score < 0.4 ? 1 : 2;
  }
  return { X, nRows, nFeatures, y, nClasses };
}
