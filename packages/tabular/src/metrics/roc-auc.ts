/**
 * Area under the ROC curve for a binary target, as the Mann–Whitney U statistic: the probability
 * that a random positive scores above a random negative, ties counting one half (the same value
 * scikit-learn's roc_auc_score gives, without building the curve).
 *
 * @param isPositive 1 for a positive row, 0 for a negative one.
 * @param scores score of the positive class per row (higher means more likely positive).
 * @returns the AUC in [0, 1], or null when one class is absent and the AUC is undefined.
 */
export function rocAuc(isPositive: ArrayLike<number>, scores: ArrayLike<number>): number | null {
  const n = isPositive.length;
  if (scores.length !== n) throw new RangeError(`rocAuc: ${n} labels but ${scores.length} scores`);
  let nPositive = 0;
  for (let i = 0; i < n; i++) nPositive += isPositive[i] === 1 ? 1 : 0;
  const nNegative = n - nPositive;
  if (nPositive === 0 || nNegative === 0) return null;

  const order = Array.from({ length: n }, (_, i) => i).sort((a, b) => scores[a] - scores[b]);
  let positiveRankSum = 0;
  for (let start = 0; start < n; ) {
    let end = start + 1;
    while (end < n && scores[order[end]] === scores[order[start]]) end++;
    // Tied scores share the average of the ranks they span (ranks are 1-based).
    const averageRank = (start + 1 + end) / 2;
    for (let k = start; k < end; k++) if (isPositive[order[k]] === 1) positiveRankSum += averageRank;
    start = end;
  }
  return (positiveRankSum - (nPositive * (nPositive + 1)) / 2) / (nPositive * nNegative);
}
