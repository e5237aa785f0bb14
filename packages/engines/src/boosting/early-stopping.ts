/**
 * sklearn's _should_stop on losses (its scores are −loss): stop when none of the last nIterNoChange
 * losses is below the one just before them by more than tol. The first entry is the loss before any
 * tree, so the earliest stop comes after nIterNoChange iterations.
 *
 * @param losses one per iteration so far, lower is better.
 */
export function shouldStopEarly(losses: ArrayLike<number>, nIterNoChange: number, tol: number): boolean {
  const n = losses.length;
  if (n < nIterNoChange + 1) return false;
  const reference = losses[n - nIterNoChange - 1] - tol;
  for (let i = n - nIterNoChange; i < n; i++) if (losses[i] < reference) return false;
  return true;
}
