import type { ScoreResult } from './score-job.js';

/** A started scoring job. Wrapped, because an async generator that yields a promise awaits it first, which would run the jobs one at a time. */
export interface StartedJob {
  result: Promise<ScoreResult>;
}

/**
 * Scoring jobs' results in the order the jobs were started, with at most maxInFlight running: the
 * next job is started (and so the next block read) only when a result has been taken, so memory is
 * bounded by the jobs in flight whatever the size of the upload. Shared by the CSV block path and
 * the frame path (JSON, NDJSON, Parquet).
 */
export async function* resultsInOrder(jobs: AsyncIterable<StartedJob>, maxInFlight: number): AsyncGenerator<ScoreResult> {
  const inFlight: Array<Promise<ScoreResult>> = [];
  try {
    for await (const { result: job } of jobs) {
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
