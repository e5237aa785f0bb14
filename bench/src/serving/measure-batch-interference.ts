import { rm } from 'node:fs/promises';
import { join } from 'node:path';
import type { Section } from '../report.js';
import { createAgent, jsonRequest } from './http-client.js';
import { ms, type LatencyStats } from './latency-stats.js';
import { logProgress } from '../log-progress.js';
import { runLoad, type LoadResult } from './run-load.js';
import { BENCH_MODEL, lastLoggedProblem, type ServingSetup } from './serving-setup.js';
import { streamProblem, streamScore, type StreamScoreResult } from './stream-score.js';
import { syntheticRecord, writeSyntheticCsv } from './synthetic-csv.js';

/** Enough to time small requests alone for comparison; the run during the batch lasts as long as the batch. */
const ALONE_REQUESTS = 500;

export interface BatchInterferenceResult {
  section: Section;
  batchBytes: number;
  during: LatencyStats;
  /** Why the batch did not come back whole, when it did not. */
  batchProblem?: string;
}

const mb = (bytes: number) => bytes / (1024 * 1024);

/**
 * Single-record JSON predicts, one at a time, while one large CSV is streamed through the gateway
 * and scored by the same model: whether scoring runs off the event loop shows in their p99.
 */
export async function measureBatchInterference(
  setup: ServingSetup,
  workDir: string,
  batchBytes: number,
  warmup: number,
): Promise<BatchInterferenceResult> {
  const { gatewayUrl } = setup.platform;
  const small = jsonRequest(new URL(`/predict?model_name=${BENCH_MODEL}`, gatewayUrl), syntheticRecord(7));
  logProgress(`serving: interference: writing a ${mb(batchBytes).toFixed(0)} MB CSV`);
  const file = await writeSyntheticCsv({ path: join(workDir, 'interference.csv'), bytes: batchBytes, withLabel: false, seed: 4 });
  const smallAgent = createAgent(1);
  const batchAgent = createAgent(1);
  try {
    logProgress('serving: interference: single-record JSON alone');
    const alone = await runLoad(smallAgent, small, { concurrency: 1, requests: ALONE_REQUESTS, warmup });
    logProgress(`serving: interference: single-record JSON while ${file.rows} rows (${mb(file.bytes).toFixed(0)} MB) stream through`);
    let isBatchDone = false;
    const batchUrl = new URL(`/predict?format=csv&model_name=${BENCH_MODEL}`, gatewayUrl);
    // Settled at once (never rejects), so a failed batch is reported rather than left unhandled while small requests run.
    const batch = streamScore(batchUrl, file.path, batchAgent)
      .catch((error: Error) => error)
      .finally(() => {
        isBatchDone = true;
      });
    const during = await runLoad(smallAgent, small, {
      concurrency: 1,
      requests: Number.MAX_SAFE_INTEGER,
      warmup: 0,
      shouldStop: () => isBatchDone,
    });
    const streamed = await batch;
    const batchProblem = streamed instanceof Error ? streamed.message : streamProblem(streamed, file.rows);
    if (batchProblem !== undefined) logProgress(`serving: interference: the batch failed: ${batchProblem}`);
    const outcome =
      batchProblem === undefined
        ? `answered as streamed CSV ${describeStream(streamed as StreamScoreResult)}`
        : `which FAILED: ${batchProblem}${describeLogs(setup)}`;
    const row = (when: string, s: LoadResult) => [when, s.count, ms(s.p50Ms), ms(s.p99Ms), ms(s.maxMs), s.errors];
    return {
      section: {
        title: 'Small requests during a large batch',
        columns: ['single-record JSON predict via gateway', 'requests', 'p50 ms', 'p99 ms', 'max ms', 'errors'],
        rows: [row('alone', alone), row(`during a ${mb(file.bytes).toFixed(0)} MB streamed batch`, during)],
        notes: [
          `The batch: ${file.rows.toLocaleString('en')} rows (${mb(file.bytes).toFixed(0)} MB) of the 20-feature CSV posted to /predict?format=csv through the gateway, ${outcome}.`,
          `Meanwhile one client sends single-record JSON predicts to the same model (${BENCH_MODEL}) through the gateway, one at a time, until the batch's answer ends; "alone" is ${ALONE_REQUESTS} of the same requests just before.`,
        ],
      },
      batchBytes: file.bytes,
      during,
      ...(batchProblem !== undefined ? { batchProblem } : {}),
    };
  } finally {
    smallAgent.destroy();
    batchAgent.destroy();
    await rm(file.path, { force: true });
  }
}

/** "; predictor logged …" for each service that logged a warning or an error. */
export function describeLogs({ platform }: ServingSetup): string {
  const problems = (['predictor', 'gateway'] as const).map((name) => lastLoggedProblem(platform, name)).filter(Boolean);
  return problems.length > 0 ? `; ${problems.join('; ')}` : '';
}

/** "in 12.3 s (812,000 rows/s, 95 MB/s up)". */
export function describeStream(result: StreamScoreResult): string {
  const seconds = result.wallMs / 1000;
  return `in ${seconds.toFixed(1)} s (${Math.round(result.rowsOut / seconds).toLocaleString('en')} rows/s, ${(mb(result.bytesUp) / seconds).toFixed(1)} MB/s up, first answer byte after ${result.firstByteMs.toFixed(0)} ms)`;
}
