import type { Metrics } from '@tabula/contracts';
import { rocAuc } from './roc-auc.js';

/**
 * Test-set scores of a classifier, with scikit-learn's definitions: macro averages run over the
 * classes present in y_true or y_pred, a class never predicted has precision 0, and
 * balanced_accuracy is the mean recall over the classes present in y_true.
 *
 * @param yTrue class index per row.
 * @param yPred predicted class index per row.
 * @param nClasses number of classes; indices are in [0, nClasses).
 * @param positiveScores for a binary task, the probability of class 1 per row; adds roc_auc when
 *   both classes occur in yTrue.
 */
export function classificationMetrics(
  yTrue: ArrayLike<number>,
  yPred: ArrayLike<number>,
  nClasses: number,
  positiveScores?: ArrayLike<number>,
): Metrics {
  const n = yTrue.length;
  if (yPred.length !== n || n === 0) throw new RangeError(`classificationMetrics: ${n} labels and ${yPred.length} predictions`);
  const truePositive = new Float64Array(nClasses);
  const actual = new Float64Array(nClasses);
  const predicted = new Float64Array(nClasses);
  for (let i = 0; i < n; i++) {
    actual[yTrue[i]]++;
    predicted[yPred[i]]++;
    if (yTrue[i] === yPred[i]) truePositive[yTrue[i]]++;
  }

  let correct = 0;
  let precisionSum = 0;
  let recallSum = 0;
  let f1Sum = 0;
  let nLabels = 0;
  let presentRecallSum = 0;
  let nPresent = 0;
  for (let c = 0; c < nClasses; c++) {
    correct += truePositive[c];
    if (actual[c] === 0 && predicted[c] === 0) continue;
    const precision = predicted[c] === 0 ? 0 : truePositive[c] / predicted[c];
    const recall = actual[c] === 0 ? 0 : truePositive[c] / actual[c];
    precisionSum += precision;
    recallSum += recall;
    f1Sum += precision + recall === 0 ? 0 : (2 * precision * recall) / (precision + recall);
    nLabels++;
    if (actual[c] > 0) {
      presentRecallSum += recall;
      nPresent++;
    }
  }

  const metrics: Metrics = {
    accuracy: correct / n,
    balanced_accuracy: presentRecallSum / nPresent,
    f1_macro: f1Sum / nLabels,
    precision_macro: precisionSum / nLabels,
    recall_macro: recallSum / nLabels,
  };
  if (nClasses === 2 && positiveScores !== undefined) {
    const auc = rocAuc(yTrue, positiveScores);
    if (auc !== null) metrics.roc_auc = auc;
  }
  return metrics;
}
