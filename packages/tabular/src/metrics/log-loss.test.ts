import { describe, expect, it } from '@jest/globals';
import { logLoss } from './log-loss.js';

describe('logLoss(yTrue, proba, nClasses)', () => {
  it('should match scikit-learn 1.2 log_loss on binary and 3-class probabilities', () => {
    const positive = [0.1, 0.8, 0.35, 0.4, 0.8, 0.2, 0.8, 0.55, 0.9, 0.05];
    const binary = positive.flatMap((p) => [1 - p, p]);
    expect(logLoss([0, 1, 1, 0, 1, 0, 0, 1, 1, 0], binary, 2)).toBeCloseTo(0.46993676411002216, 12);
    const proba = [
      [0.7, 0.2, 0.1], [0.2, 0.5, 0.3], [0.1, 0.3, 0.6], [0.3, 0.3, 0.4], [0.4, 0.4, 0.2],
      [0.5, 0.3, 0.2], [0.2, 0.2, 0.6], [0.1, 0.6, 0.3], [0.3, 0.4, 0.3], [0.25, 0.25, 0.5],
    ].flat();
    expect(logLoss([0, 1, 2, 2, 1, 0, 2, 1, 0, 2], proba, 3)).toBeCloseTo(0.7005147624990786, 12);
  });

  it('should clip a probability of 0 for the true class to eps, as scikit-learn does', () => {
    // log_loss([0, 1, 1], [[1, 0], [0, 1], [1, 0]]) = −log(eps) / 3
    expect(logLoss([0, 1, 1], [1, 0, 0, 1, 1, 0], 2)).toBeCloseTo(12.014551129705717, 9);
  });

  it('should reject a probability matrix of the wrong size', () => {
    expect(() => logLoss([0, 1], [0.5, 0.5, 0.5], 2)).toThrow(RangeError);
  });
});
