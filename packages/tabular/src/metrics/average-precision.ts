/**
 * Average precision (the area under the precision–recall curve as scikit-learn's
 * average_precision_score computes it): Σ (R_n − R_{n−1}) · P_n over the distinct scores taken as
 * thresholds, highest first. Tied scores form one threshold, so their order does not matter.
 *
 * @param isPositive 1 for a positive row, 0 for a negative one.
 * @param scores score of the positive class per row (higher means more likely positive).
 * @returns the AP in [0, 1], or null when there is no positive row and recall is undefined.
 */
export function averagePrecision(isPositive: ArrayLike<number>, scores: ArrayLike<number>): number | null {
  const n = isPositive.length;
  if (scores.length !== n) throw new RangeError(`averagePrecision: ${n} labels but ${scores.length} scores`);
  let nPositive = 0;
  for (let i = 0; i < n; i++) nPositive += isPositive[i] === 1 ? 1 : 0;
  if (nPositive === 0) return null;

  const order = Array.from({ length: n }, (_, i) => i).sort((a, b) => scores[b] - scores[a]);
  let truePositive = 0;
  let falsePositive = 0;
  let previousRecall = 0;
  let area = 0;
  for (let start = 0; start < n; ) {
    let end = start;
    for (; end < n && scores[order[end]] === scores[order[start]]; end++) {
      if (isPositive[order[end]] === 1) truePositive++;
      else falsePositive++;
    }
    const recall = truePositive / nPositive;
    area += (recall - previousRecall) * (truePositive / (truePositive + falsePositive));
    previousRecall = recall;
    start = end;
  }
  return area;
}
