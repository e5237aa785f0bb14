import { shuffleInPlace, type UniformRng } from './training-rng.js';

/**
 * Deals n items into k folds, as scikit-learn's (Stratified)KFold(shuffle=True) does: items are
 * shuffled and dealt round-robin, so fold sizes differ by at most one. With class indices, each
 * class is dealt in turn, carrying on from the fold where the previous class stopped, so every fold
 * gets its share of each class (a class of c ≥ k items reaches every fold).
 *
 * @param classIdx class index per item for a stratified deal, or null.
 * @returns the fold, in [0, k), of each item.
 */
export function assignFolds(nItems: number, k: number, classIdx: ArrayLike<number> | null, rng: UniformRng): Uint8Array {
  if (!Number.isInteger(k) || k < 2 || k > 255 || k > nItems) throw new RangeError(`assignFolds: k = ${k} for ${nItems} items`);
  const fold = new Uint8Array(nItems);
  const groups: number[][] = [];
  if (classIdx === null) groups.push(Array.from({ length: nItems }, (_, i) => i));
  else for (let i = 0; i < nItems; i++) (groups[classIdx[i]] ??= []).push(i);
  let next = 0;
  for (const items of groups) {
    if (items === undefined) continue;
    for (const item of shuffleInPlace(items, rng)) {
      fold[item] = next;
      next = (next + 1) % k;
    }
  }
  return fold;
}
