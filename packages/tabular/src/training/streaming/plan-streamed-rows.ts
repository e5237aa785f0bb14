import type { TrainTestSplit } from '../split-train-test.js';
import { shuffleInPlace, type UniformRng } from '../training-rng.js';
import { SKIPPED_ROW, toEvalCode } from './bin-training-file.js';

/**
 * Held-out rows scored at most on the streaming path: their floats are kept (8 bytes × features
 * each), and 200k rows put a metric's sampling error well under what a model change moves it by.
 */
export const MAX_EVAL_ROWS = 200_000;

export interface StreamedRowPlan {
  /** Uint8Array (nUsable,): 1 for a held-out row. */
  isTest: Uint8Array;
  /** Int32Array (nUsable,): per usable row its training index, toEvalCode(e), or SKIPPED_ROW (see binTrainingFile). */
  rowCodes: Int32Array;
  /** Positions of the rows scored, ascending: every test row, or a seeded sample of MAX_EVAL_ROWS of them. */
  evalRows: Uint32Array;
}

/** Where each usable row of a streamed file goes once the split is drawn. */
export function planStreamedRows(split: TrainTestSplit, rng: UniformRng, maxEvalRows = MAX_EVAL_ROWS): StreamedRowPlan {
  const { trainRows, testRows } = split;
  const nUsable = trainRows.length + testRows.length;
  const isTest = new Uint8Array(nUsable);
  for (let i = 0; i < testRows.length; i++) isTest[testRows[i]] = 1;
  const evalRows = testRows.length <= maxEvalRows ? testRows : shuffleInPlace(Uint32Array.from(testRows), rng).subarray(0, maxEvalRows).sort();
  const rowCodes = new Int32Array(nUsable).fill(SKIPPED_ROW);
  for (let i = 0; i < trainRows.length; i++) rowCodes[trainRows[i]] = i;
  for (let e = 0; e < evalRows.length; e++) rowCodes[evalRows[e]] = toEvalCode(e);
  return { isTest, rowCodes, evalRows };
}
