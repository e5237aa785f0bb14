import { invalidInput } from '@tabula/contracts';
import { createUniformRng, shuffleInPlace, type UniformRng } from './training-rng.js';

export interface SplitOptions {
  nRows: number;
  /** Fraction of rows held out, in (0, 1); the test count is rounded up, as scikit-learn does. */
  testSize: number;
  seed: number;
  /** Class index per row for classification (stratify; every class needs 2 rows); null for regression. */
  classIdx: ArrayLike<number> | null;
}

/** Row indices, ascending, of each side of a held-out split. */
export interface TrainTestSplit {
  trainRows: Uint32Array;
  testRows: Uint32Array;
  stratified: boolean;
}

/**
 * Splits rows into training and test sets, deterministically for a seed. Classification splits
 * are stratified: each class keeps its share of test rows (by largest remainder) and at least one
 * training row. Regression splits are a plain shuffle.
 *
 * @throws RangeError when a class has fewer than 2 rows (encodeTarget refuses such targets first).
 */
export function splitTrainTest({ nRows, testSize, seed, classIdx }: SplitOptions): TrainTestSplit {
  const classCounts = classIdx === null ? [] : countClasses(classIdx);
  const minTrain = Math.max(1, classCounts.length);
  const nTest = Math.max(1, Math.ceil(testSize * nRows));
  if (nRows - nTest < minTrain) {
    const perClass = classCounts.length > 0 ? ` (one per class, ${classCounts.length} classes)` : '';
    throw invalidInput(
      `Too few rows for a held-out split: ${nRows} rows with test_size=${testSize} leave ${Math.max(0, nRows - nTest)} for training, and at least ${minTrain} are needed${perClass}.`,
      { hint: 'Add rows, or lower test_size.' },
    );
  }
  if (classCounts.some((count) => count < 2)) throw new RangeError(`splitTrainTest: every class needs 2 rows, got counts ${classCounts.join(', ')}`);
  const rng = createUniformRng(seed);
  const isTest = new Uint8Array(nRows);
  if (classIdx !== null) markStratified(classIdx, classCounts, nTest, rng, isTest);
  else markShuffled(nRows, nTest, rng, isTest);

  const testRows = new Uint32Array(nTest);
  const trainRows = new Uint32Array(nRows - nTest);
  for (let row = 0, t = 0, r = 0; row < nRows; row++) {
    if (isTest[row] === 1) testRows[t++] = row;
    else trainRows[r++] = row;
  }
  return { trainRows, testRows, stratified: classIdx !== null };
}

function countClasses(classIdx: ArrayLike<number>): number[] {
  const counts: number[] = [];
  for (let row = 0; row < classIdx.length; row++) counts[classIdx[row]] = (counts[classIdx[row]] ?? 0) + 1;
  return Array.from(counts, (count) => count ?? 0);
}

/** Test rows per class in proportion to class size, each class keeping at least one training row. */
export function allocateTestRows(classCounts: number[], nTest: number): number[] {
  const nRows = classCounts.reduce((sum, count) => sum + count, 0);
  const ideal = classCounts.map((count) => (nTest * count) / nRows);
  const alloc = ideal.map((share, c) => Math.min(Math.floor(share), classCounts[c] - 1));
  let remaining = nTest - alloc.reduce((sum, n) => sum + n, 0);
  const byRemainder = ideal
    .map((share, c) => ({ c, frac: share - Math.floor(share) }))
    .sort((a, b) => b.frac - a.frac || a.c - b.c);
  while (remaining > 0) {
    for (const { c } of byRemainder) {
      if (remaining === 0) break;
      if (alloc[c] < classCounts[c] - 1) {
        alloc[c]++;
        remaining--;
      }
    }
  }
  return alloc;
}

function markStratified(classIdx: ArrayLike<number>, classCounts: number[], nTest: number, rng: UniformRng, isTest: Uint8Array): void {
  const rowsByClass = classCounts.map(() => [] as number[]);
  for (let row = 0; row < classIdx.length; row++) rowsByClass[classIdx[row]].push(row);
  const alloc = allocateTestRows(classCounts, nTest);
  rowsByClass.forEach((rows, c) => {
    shuffleInPlace(rows, rng);
    for (let i = 0; i < alloc[c]; i++) isTest[rows[i]] = 1;
  });
}

function markShuffled(nRows: number, nTest: number, rng: UniformRng, isTest: Uint8Array): void {
  const order = shuffleInPlace(Uint32Array.from({ length: nRows }, (_, row) => row), rng);
  for (let i = 0; i < nTest; i++) isTest[order[i]] = 1;
}
