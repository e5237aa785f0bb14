import { SERVICE_NAMES } from '@tabula/tests/support/platform.js';
import type { Section } from '../report.js';
import type { LatencyStats } from './latency-stats.js';
import type { BatchInterferenceResult } from './measure-batch-interference.js';
import { HEALTH_TARGETS, type HeavyWorkHealthResult } from './measure-heavy-work-health.js';
import type { LargeBatchResult } from './measure-large-batches.js';
import type { MemoryResult } from './measure-memory.js';
import { ORIGINAL_PER_SECOND } from './measure-request-latency.js';

const GB = 1024 ** 3;
const MB = 1024 ** 2;

/** The serving targets, each with the conditions it assumes. */
export const SERVING_TARGETS = {
  csvP50Ms: 3,
  csvP99Ms: 15,
  perSecondAt8: 50 * ORIGINAL_PER_SECOND,
  rows100kSeconds: 0.95,
  duringBatchP99Ms: 50,
  duringBatchBytes: 1 * GB,
  peakRssMb: 300,
  peakRssInputBytes: 2 * GB,
} as const;

export interface ServingMeasurements {
  csvAlone: LatencyStats;
  csvAt8: LatencyStats;
  large: LargeBatchResult;
  interference?: BatchInterferenceResult;
  memory?: MemoryResult;
  heavyWork: HeavyWorkHealthResult;
  /** Why the streamed parts did not run, when they did not. */
  streamingSkipped?: string;
}

const size = (bytes: number) => (bytes >= GB ? `${(bytes / GB).toFixed(2)} GB` : `${(bytes / MB).toFixed(0)} MB`);

/** PASS/FAIL, marked when the input was smaller than the target assumes (quick runs). */
function verdict(isMet: boolean, isFullSize: boolean): string {
  const word = isMet ? 'PASS' : 'FAIL';
  return isFullSize ? word : `${word} (smaller input than the target's)`;
}

export function servingTargets(m: ServingMeasurements): Section {
  const t = SERVING_TARGETS;
  const rows: (string | number)[][] = [
    [
      '32-row CSV predict via gateway, alone: p50',
      `< ${t.csvP50Ms} ms`,
      `${m.csvAlone.p50Ms.toFixed(2)} ms`,
      verdict(m.csvAlone.p50Ms < t.csvP50Ms, true),
    ],
    [
      '32-row CSV predict via gateway, alone: p99',
      `< ${t.csvP99Ms} ms`,
      `${m.csvAlone.p99Ms.toFixed(2)} ms`,
      verdict(m.csvAlone.p99Ms < t.csvP99Ms, true),
    ],
    [
      '32-row CSV predict via gateway at concurrency 8',
      `≥ ${t.perSecondAt8} requests/s (50 × ${ORIGINAL_PER_SECOND})`,
      `${Math.round(m.csvAt8.perSecond)} requests/s`,
      verdict(m.csvAt8.perSecond >= t.perSecondAt8, true),
    ],
    ...m.large.jsonMedians.map(({ shape, seconds }) => [
      `${m.large.rows.toLocaleString('en')}-row ${shape} CSV scored via gateway (JSON answer)`,
      `< ${t.rows100kSeconds} s for 100,000 rows`,
      `${seconds.toFixed(3)} s`,
      verdict(seconds < t.rows100kSeconds, m.large.rows >= 100_000),
    ]),
  ];
  const skipped = (what: string, target: string) => [what, target, 'not measured', `SKIPPED: ${m.streamingSkipped ?? 'not run'}`];
  if (m.interference) {
    const { during, batchBytes } = m.interference;
    rows.push([
      `single-record predict p99 during a ${size(batchBytes)} streamed batch`,
      `< ${t.duringBatchP99Ms} ms during 1 GB`,
      `${during.p99Ms.toFixed(2)} ms (${during.count} requests)`,
      m.interference.batchProblem === undefined
        ? verdict(during.p99Ms < t.duringBatchP99Ms, batchBytes >= t.duringBatchBytes * 0.99)
        : 'FAIL: the batch broke off (see "Small requests during a large batch")',
    ]);
  } else {
    rows.push(skipped('single-record predict p99 during a 1 GB batch', `< ${t.duringBatchP99Ms} ms`));
  }
  for (const name of SERVICE_NAMES) {
    if (!m.memory) {
      rows.push(skipped(`peak memory of the ${name} scoring 2 GB`, `< ${t.peakRssMb} MB`));
      continue;
    }
    const peak = m.memory.peaks[name];
    const peakMb = Math.max(peak.peakSampledMb, peak.hwmMb);
    rows.push([
      `peak memory of the ${name} while ${size(m.memory.streamBytes)} stream through`,
      `< ${t.peakRssMb} MB for 2 GB`,
      `${peakMb.toFixed(0)} MB`,
      m.memory.streamProblem === undefined
        ? verdict(peakMb < t.peakRssMb, m.memory.streamBytes >= t.peakRssInputBytes * 0.99)
        : 'FAIL: the stream broke off (see "Memory while streaming")',
    ]);
  }
  for (const { name, stats } of m.heavyWork.probes) {
    rows.push([
      name,
      `p99 < ${HEALTH_TARGETS.p99Ms} ms, max < ${HEALTH_TARGETS.maxMs} ms`,
      `p99 ${stats.p99Ms.toFixed(2)} ms, max ${stats.maxMs.toFixed(2)} ms (${stats.count} requests)`,
      verdict(stats.errors === 0 && stats.p99Ms < HEALTH_TARGETS.p99Ms && stats.maxMs < HEALTH_TARGETS.maxMs, true),
    ]);
  }
  return {
    title: 'Serving targets',
    columns: ['target', 'goal', 'measured', 'verdict'],
    rows,
    notes: [
      'Goals are the issue\'s; the Python original\'s figures (19 requests/s, 0.95 s for 100,000 rows) were measured in the issue, not by this bench.',
      'Peak memory is the larger of the sampled VmRSS peak and VmHWM. A verdict marked "smaller input" comes from a reduced run (--quick or a smaller stream size) and only shows that the harness works.',
    ],
  };
}
