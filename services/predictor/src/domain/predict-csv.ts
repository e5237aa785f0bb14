import { splitCsvBlocks } from '@tabula/tabular';
import { withinCsvLimits, type CsvLimits } from './csv-limits.js';
import type { ModelRef } from './model-registry.js';
import type { OutputFormat } from './output-format.js';
import type { PredictDeps } from './predict-deps.js';
import type { ScoreResult } from './score-job.js';

/** Blocks of about this size are parsed and scored as one job: big enough to amortize the hop to a worker, small enough that the strings of a parsed block (some 30 bytes a cell) stay a few MB per thread. */
export const BLOCK_BYTES = 256 * 1024;

export interface CsvScoring {
  model: ModelRef;
  columnsToDrop: string[];
  returnProba: boolean;
  format: OutputFormat;
}

/**
 * Decode (CSV blocks) → score → encode, as KServe's data plane does, over a byte stream: blocks
 * are scored as they arrive, several at once, and results come out in input order. Reading stops
 * while results wait to be consumed, so memory stays bounded by the blocks in flight whatever the
 * size of the upload. The model was resolved once, before: every block uses that version.
 */
export async function* scoreCsvStream(
  source: AsyncIterable<Uint8Array>,
  scoring: CsvScoring,
  { scoreRows, parallelism }: Pick<PredictDeps, 'scoreRows' | 'parallelism'>,
  limits: CsvLimits,
): AsyncGenerator<ScoreResult> {
  const inFlight: Array<Promise<ScoreResult>> = [];
  const maxInFlight = parallelism + 1;
  try {
    for await (const block of withinCsvLimits(splitCsvBlocks(source, BLOCK_BYTES, limits), limits)) {
      // A Parquet answer is encoded from the predictions on the main thread (predict-csv-stream.ts), as for JSON.
      const job = scoreRows({ kind: 'csv-block', block, ...scoring, format: scoring.format === 'parquet' ? 'json' : scoring.format });
      // Rejections are observed when their turn comes; this only keeps an early one from counting as unhandled.
      job.catch(() => {});
      inFlight.push(job);
      if (inFlight.length >= maxInFlight) yield await (inFlight.shift() as Promise<ScoreResult>);
    }
    while (inFlight.length > 0) yield await (inFlight.shift() as Promise<ScoreResult>);
  } finally {
    inFlight.length = 0;
  }
}
