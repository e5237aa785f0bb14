import { classificationMetrics, rocAuc } from '@tabula/tabular';

export interface HeldOutScores {
  /** Binary: ROC AUC of class 1. More classes: the macro mean of one-vs-rest AUCs. Null when undefined. */
  rocAuc: number | null;
  accuracy: number;
}

/**
 * Scores held-out class probabilities with the platform's own metric code, so that every engine,
 * scikit-learn included, is measured by the same definition.
 *
 * @param y class index per held-out row.
 * @param proba Float64Array (nRows * nClasses,), row-major.
 */
export function scoreHeldOut(y: Uint8Array, proba: Float64Array, nClasses: number): HeldOutScores {
  const nRows = y.length;
  if (proba.length !== nRows * nClasses) throw new RangeError(`${proba.length} probabilities for ${nRows} rows × ${nClasses} classes`);
  const classProba = (classIdx: number) => Float64Array.from({ length: nRows }, (_, row) => proba[row * nClasses + classIdx]);
  // Ties go to the lowest class, as numpy's argmax (and so scikit-learn's predict) does.
  const yPred = Uint8Array.from({ length: nRows }, (_, row) => {
    let best = 0;
    for (let c = 1; c < nClasses; c++) if (proba[row * nClasses + c] > proba[row * nClasses + best]) best = c;
    return best;
  });
  const metrics = classificationMetrics(y, yPred, nClasses, nClasses === 2 ? classProba(1) : undefined);
  if (nClasses === 2) return { rocAuc: metrics.roc_auc ?? null, accuracy: metrics.accuracy };

  // scikit-learn's roc_auc_score(multi_class='ovr', average='macro').
  let sum = 0;
  for (let c = 0; c < nClasses; c++) {
    const auc = rocAuc(Uint8Array.from(y, (label) => (label === c ? 1 : 0)), classProba(c));
    if (auc === null) return { rocAuc: null, accuracy: metrics.accuracy };
    sum += auc;
  }
  return { rocAuc: sum / nClasses, accuracy: metrics.accuracy };
}
