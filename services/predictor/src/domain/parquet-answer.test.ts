import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from '@jest/globals';
import { readTableFile } from '@tabula/tabular';
import { encodeParquetAnswer } from './parquet-answer.js';
import type { ScoreResult } from './score-job.js';

async function* scored(results: ScoreResult[]): AsyncGenerator<ScoreResult> {
  yield* results;
}

/** The answer's pieces put together and read back as a table. */
async function readAnswer(results: ScoreResult[], returnProba: boolean) {
  const pieces: Uint8Array[] = [];
  for await (const result of encodeParquetAnswer(scored(results), returnProba)) if (result.lines) pieces.push(result.lines);
  const dir = await mkdtemp(join(tmpdir(), 'tabula-parquet-answer-'));
  try {
    await writeFile(join(dir, 'answer.parquet'), Buffer.concat(pieces));
    return { pieces: pieces.length, ...(await readTableFile(join(dir, 'answer.parquet'), { formatLimits: { maxDecompressedBytes: 1e8, maxJsonArrayBytes: 1e8 } })) };
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

describe('encodeParquetAnswer(results, returnProba)', () => {
  it('should write one row group per scored block, numbering rows across blocks, then the footer', async () => {
    const labels = ['no', 'yes'];
    const answer = await readAnswer(
      [
        { nRows: 2, classLabels: labels, prediction: { predictions: ['yes', 'no'], probabilities: [{ no: 0.25, yes: 0.75 }, { no: 1, yes: 0 }] } },
        { nRows: 1, classLabels: labels, prediction: { predictions: ['no'], probabilities: [{ no: 0.5, yes: 0.5 }] } },
      ],
      true,
    );
    expect(answer.pieces).toBe(3);
    expect(answer.frame).toEqual({
      columns: ['row', 'prediction', 'proba_no', 'proba_yes'],
      nRows: 3,
      values: [[1, 2, 3], ['yes', 'no', 'no'], [0.25, 1, 0.5], [0.75, 0, 0.5]],
    });
  });

  it('should write a regression value as a number column', async () => {
    const answer = await readAnswer([{ nRows: 2, classLabels: null, prediction: { predictions: [1.5, -2] } }], false);
    expect(answer.frame).toEqual({ columns: ['row', 'prediction'], nRows: 2, values: [[1, 2], [1.5, -2]] });
  });
});
