import { describe, expect, it } from '@jest/globals';
import { classificationMetrics, scoreClasses } from './classification-metrics.js';
import { confusionMatrix } from './confusion-matrix.js';

// Expected values worked out by hand and checked against scikit-learn 1.2.
describe('classificationMetrics(yTrue, yPred, nClasses, positiveScores?)', () => {
  it('should compute accuracy and macro scores over three classes', () => {
    // class 0: P 1/2 R 1/2 F1 1/2; class 1: P 2/3 R 1 F1 4/5; class 2: P 1 R 1/2 F1 2/3
    const metrics = classificationMetrics([0, 0, 1, 1, 2, 2], [0, 1, 1, 1, 2, 0], 3);
    expect(metrics.accuracy).toBeCloseTo(4 / 6, 12);
    expect(metrics.balanced_accuracy).toBeCloseTo(2 / 3, 12);
    expect(metrics.precision_macro).toBeCloseTo((1 / 2 + 2 / 3 + 1) / 3, 12);
    expect(metrics.recall_macro).toBeCloseTo(2 / 3, 12);
    expect(metrics.f1_macro).toBeCloseTo((1 / 2 + 4 / 5 + 2 / 3) / 3, 12);
    expect(metrics.roc_auc).toBeUndefined();
  });

  it('should count a predicted class absent from y_true in the macro scores but not in balanced accuracy', () => {
    const metrics = classificationMetrics([0, 0], [0, 1], 2);
    expect(metrics.balanced_accuracy).toBeCloseTo(0.5, 12);
    expect(metrics.precision_macro).toBeCloseTo(0.5, 12);
    expect(metrics.recall_macro).toBeCloseTo(0.25, 12);
    expect(metrics.f1_macro).toBeCloseTo(1 / 3, 12);
  });

  it('should leave out classes that occur in neither y_true nor y_pred', () => {
    const metrics = classificationMetrics([0, 1], [0, 1], 4);
    expect(metrics).toMatchObject({ accuracy: 1, f1_macro: 1, precision_macro: 1, recall_macro: 1 });
  });

  it('should add roc_auc for a binary task given scores', () => {
    const metrics = classificationMetrics([0, 0, 1, 1], [0, 1, 0, 1], 2, [0.1, 0.4, 0.35, 0.8]);
    expect(metrics.roc_auc).toBeCloseTo(0.75, 12);
  });

  it('should omit roc_auc when the test set holds one class', () => {
    expect(classificationMetrics([1, 1], [1, 0], 2, [0.9, 0.2]).roc_auc).toBeUndefined();
  });
});

describe('scoreClasses(matrix)', () => {
  it('should score each class with zero_division=0, including classes absent from both sides', () => {
    // y_true [0,0,1,1,2,2] y_pred [0,1,1,1,2,0]; class 3 never occurs.
    const scores = scoreClasses(confusionMatrix([0, 0, 1, 1, 2, 2], [0, 1, 1, 1, 2, 0], 4));
    expect(scores[0]).toEqual({ precision: 0.5, recall: 0.5, f1: 0.5, support: 2 });
    expect(scores[1].precision).toBeCloseTo(2 / 3, 12);
    expect(scores[1]).toMatchObject({ recall: 1, support: 2 });
    expect(scores[1].f1).toBeCloseTo(0.8, 12);
    expect(scores[2]).toMatchObject({ precision: 1, recall: 0.5, support: 2 });
    expect(scores[3]).toEqual({ precision: 0, recall: 0, f1: 0, support: 0 });
  });
});
