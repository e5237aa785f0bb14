import { describe, expect, it } from '@jest/globals';
import { probabilityMetrics } from './probability-metrics.js';

const Y3 = [0, 1, 2, 2, 1, 0, 2, 1, 0, 2];
const P3 = [
  [0.7, 0.2, 0.1], [0.2, 0.5, 0.3], [0.1, 0.3, 0.6], [0.3, 0.3, 0.4], [0.4, 0.4, 0.2],
  [0.5, 0.3, 0.2], [0.2, 0.2, 0.6], [0.1, 0.6, 0.3], [0.3, 0.4, 0.3], [0.25, 0.25, 0.5],
];

// Expected values from scikit-learn 1.2.1 on the same arrays.
describe('probabilityMetrics(yTrue, proba, nClasses)', () => {
  it('should score class 1 of a binary task', () => {
    const positive = [0.1, 0.8, 0.35, 0.4, 0.8, 0.2, 0.8, 0.55, 0.9, 0.05];
    const metrics = probabilityMetrics([0, 1, 1, 0, 1, 0, 0, 1, 1, 0], positive.flatMap((p) => [1 - p, p]), 2);
    expect(metrics.roc_auc).toBeCloseTo(0.84, 12);
    expect(metrics.pr_auc).toBeCloseTo(0.8028571428571428, 12);
    expect(metrics.log_loss).toBeCloseTo(0.46993676411002216, 12);
  });

  it('should macro-average one-vs-rest scores over three classes', () => {
    const metrics = probabilityMetrics(Y3, P3.flat(), 3);
    // roc_auc_score(y, P, multi_class="ovr"); average_precision_score(label_binarize(y), P, average="macro")
    expect(metrics.roc_auc).toBeCloseTo(0.9682539682539683, 12);
    expect(metrics.pr_auc).toBeCloseTo(0.9277777777777777, 12);
    expect(metrics.log_loss).toBeCloseTo(0.7005147624990786, 12);
  });

  it('should average over the classes present when the test rows lack one', () => {
    const rows = Y3.flatMap((y, row) => (y === 1 ? [] : [row]));
    const metrics = probabilityMetrics(rows.map((row) => Y3[row]), rows.flatMap((row) => P3[row]), 3);
    expect(Object.keys(metrics).sort()).toEqual(['log_loss', 'pr_auc', 'roc_auc']);
    expect(metrics.roc_auc).toBeGreaterThan(0.5);
  });

  it('should keep only log_loss when the test rows hold one class', () => {
    expect(Object.keys(probabilityMetrics([1, 1], [0.2, 0.8, 0.4, 0.6], 2))).toEqual(['log_loss']);
  });
});
