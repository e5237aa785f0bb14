/**
 * Counts of (true class, predicted class) pairs, scikit-learn's confusion_matrix with labels
 * 0..nClasses-1: `matrix[i][j]` is the number of rows of class i predicted as class j.
 *
 * @param yTrue class index per row, in [0, nClasses).
 * @param yPred predicted class index per row, in [0, nClasses).
 */
export function confusionMatrix(yTrue: ArrayLike<number>, yPred: ArrayLike<number>, nClasses: number): number[][] {
  const n = yTrue.length;
  if (yPred.length !== n || n === 0) throw new RangeError(`confusionMatrix: ${n} labels and ${yPred.length} predictions`);
  const matrix = Array.from({ length: nClasses }, () => new Array<number>(nClasses).fill(0));
  for (let i = 0; i < n; i++) matrix[yTrue[i]][yPred[i]]++;
  return matrix;
}
