import type { Metrics } from '@tabula/contracts';
import { averagePrecision } from './average-precision.js';
import { logLoss } from './log-loss.js';
import { rocAuc } from './roc-auc.js';

/**
 * The scores that need predicted probabilities, never hard labels: roc_auc, pr_auc (average
 * precision) and log_loss.
 *
 * Binary: of class 1, as scikit-learn's roc_auc_score(y, p[:, 1]) and average_precision_score.
 * Multiclass: the macro mean of one-vs-rest scores (roc_auc_score(multi_class="ovr"), and
 * average_precision_score on the binarized labels), over the classes present in yTrue; scikit-learn
 * refuses a test set that lacks a class, where this averages over those it has. The AUCs are left out
 * when fewer than two classes are present.
 *
 * @param yTrue class index per row, in [0, nClasses).
 * @param proba row-major probabilities, `proba[row * nClasses + classIdx]`, rows summing to 1.
 */
export function probabilityMetrics(yTrue: ArrayLike<number>, proba: ArrayLike<number>, nClasses: number): Metrics {
  const n = yTrue.length;
  const metrics: Metrics = {};
  const present = new Set(Array.from(yTrue));
  if (present.size >= 2) {
    const classes = nClasses === 2 ? [1] : [...present].sort((a, b) => a - b);
    let aucSum = 0;
    let apSum = 0;
    for (const c of classes) {
      const isPositive = Uint8Array.from(yTrue, (k) => (k === c ? 1 : 0));
      const scores = Float64Array.from({ length: n }, (_, row) => proba[row * nClasses + c]);
      // Both are defined: class c occurs in yTrue, and so does another class.
      aucSum += rocAuc(isPositive, scores) as number;
      apSum += averagePrecision(isPositive, scores) as number;
    }
    metrics.roc_auc = aucSum / classes.length;
    metrics.pr_auc = apSum / classes.length;
  }
  metrics.log_loss = logLoss(yTrue, proba, nClasses);
  return metrics;
}
