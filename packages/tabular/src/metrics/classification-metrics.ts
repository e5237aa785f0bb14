import type { Metrics } from '@tabula/contracts';
import { confusionMatrix } from './confusion-matrix.js';
import { rocAuc } from './roc-auc.js';

/** One class's scores, as scikit-learn's precision_recall_fscore_support(average=None, zero_division=0). */
export interface ClassScores {
  precision: number;
  recall: number;
  f1: number;
  /** Rows of this class in y_true. */
  support: number;
}

/** Per class, from a confusion matrix; a class never predicted has precision 0, one never present recall 0. */
export function scoreClasses(matrix: number[][]): ClassScores[] {
  return matrix.map((row, c) => {
    const truePositive = row[c];
    const support = row.reduce((sum, count) => sum + count, 0);
    const predicted = matrix.reduce((sum, other) => sum + other[c], 0);
    const precision = predicted === 0 ? 0 : truePositive / predicted;
    const recall = support === 0 ? 0 : truePositive / support;
    const f1 = precision + recall === 0 ? 0 : (2 * precision * recall) / (precision + recall);
    return { precision, recall, f1, support };
  });
}

/**
 * The label-based scores of a classifier, with scikit-learn's definitions: macro averages run over
 * the classes present in y_true or y_pred (its default `labels`), a class never predicted has
 * precision 0, and balanced_accuracy is the mean recall over the classes present in y_true.
 */
export function labelMetrics(matrix: number[][]): Metrics {
  const scores = scoreClasses(matrix);
  let nRows = 0;
  let correct = 0;
  const macro = { precision: 0, recall: 0, f1: 0, nLabels: 0 };
  let presentRecallSum = 0;
  let nPresent = 0;
  scores.forEach(({ precision, recall, f1, support }, c) => {
    nRows += support;
    correct += matrix[c][c];
    const isPredicted = matrix.some((row) => row[c] > 0);
    if (support === 0 && !isPredicted) return;
    macro.precision += precision;
    macro.recall += recall;
    macro.f1 += f1;
    macro.nLabels++;
    if (support > 0) {
      presentRecallSum += recall;
      nPresent++;
    }
  });
  return {
    accuracy: correct / nRows,
    balanced_accuracy: presentRecallSum / nPresent,
    precision_macro: macro.precision / macro.nLabels,
    recall_macro: macro.recall / macro.nLabels,
    f1_macro: macro.f1 / macro.nLabels,
  };
}

/**
 * labelMetrics from labels and predictions, plus roc_auc for a binary task given the scores of
 * class 1 (when both classes occur in yTrue).
 *
 * @param yTrue class index per row.
 * @param yPred predicted class index per row.
 * @param nClasses number of classes; indices are in [0, nClasses).
 * @param positiveScores for a binary task, the probability of class 1 per row.
 */
export function classificationMetrics(
  yTrue: ArrayLike<number>,
  yPred: ArrayLike<number>,
  nClasses: number,
  positiveScores?: ArrayLike<number>,
): Metrics {
  const metrics = labelMetrics(confusionMatrix(yTrue, yPred, nClasses));
  if (nClasses === 2 && positiveScores !== undefined) {
    const auc = rocAuc(yTrue, positiveScores);
    if (auc !== null) metrics.roc_auc = auc;
  }
  return metrics;
}
