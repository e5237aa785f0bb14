import { describe, expect, it } from '@jest/globals';
import { confusionMatrix } from './confusion-matrix.js';

describe('confusionMatrix(yTrue, yPred, nClasses)', () => {
  it('should count true classes by row and predicted classes by column, as scikit-learn does', () => {
    // sklearn.metrics.confusion_matrix([0,0,1,1,2,2], [0,1,1,1,2,0], labels=[0,1,2,3])
    expect(confusionMatrix([0, 0, 1, 1, 2, 2], [0, 1, 1, 1, 2, 0], 4)).toEqual([
      [1, 1, 0, 0],
      [0, 2, 0, 0],
      [1, 0, 1, 0],
      [0, 0, 0, 0],
    ]);
  });

  it('should reject empty or mismatched input', () => {
    expect(() => confusionMatrix([], [], 2)).toThrow(RangeError);
    expect(() => confusionMatrix([0], [0, 1], 2)).toThrow(RangeError);
  });
});
