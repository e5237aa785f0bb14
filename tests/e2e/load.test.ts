import { readFile } from 'node:fs/promises';
import { beforeAll, describe, expect, it } from '@jest/globals';
import { SERVICE_NAMES, type ServiceName } from '../support/platform.js';
import { usePlatform } from '../support/use-platform.js';
import { trainOk } from '../support/tabula.js';

const REQUESTS = 20_000;
const CONCURRENCY = 32;
const WARMUP_REQUESTS = 1_000;
/**
 * Growth allowed over the second half of the run. Heaps grow in steps to a plateau under load
 * (the first half may climb), while a leak grows with the request count: half the run × a few KB
 * per request would exceed this.
 */
const SECOND_HALF_RSS_SLACK_BYTES = 48 * 1024 * 1024;
const RECORD = { 'sepal.length': 5.1, 'sepal.width': 3.5, 'petal.length': 1.4, 'petal.width': 0.2 };

async function rssBytes(pid: number | undefined): Promise<number> {
  const status = await readFile(`/proc/${pid}/status`, 'utf8');
  const kb = /VmRSS:\s+(\d+) kB/.exec(status)?.[1];
  if (kb === undefined) throw new Error(`no VmRSS in /proc/${pid}/status`);
  return Number(kb) * 1024;
}

/** Sends `count` JSON predictions through `concurrency` workers; answers each one's latency and failures. */
async function drive(url: string, count: number, concurrency: number) {
  const latenciesMs: number[] = [];
  const failures: string[] = [];
  let next = 0;
  const body = JSON.stringify(RECORD);
  const worker = async () => {
    while (next < count) {
      next += 1;
      const started = performance.now();
      try {
        const res = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json' }, body });
        const answer = (await res.json()) as { prediction?: unknown };
        if (res.status !== 200 || answer.prediction !== 'Setosa') failures.push(`${res.status} ${JSON.stringify(answer).slice(0, 200)}`);
      } catch (error) {
        failures.push((error as Error).message);
      }
      latenciesMs.push(performance.now() - started);
    }
  };
  await Promise.all(Array.from({ length: concurrency }, worker));
  return { latenciesMs, failures };
}

const percentile = (sorted: number[], p: number) => sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))];
const mb = (bytes: number) => `${(bytes / 1024 / 1024).toFixed(1)} MB`;

describe('the gateway under load', () => {
  const platform = usePlatform();

  beforeAll(async () => {
    await trainOk(platform);
  }, 60_000);

  it(`should answer ${REQUESTS} predictions at concurrency ${CONCURRENCY} without an error and without growing memory`, async () => {
    const url = `${platform.gatewayUrl}/predict`;
    const warmup = await drive(url, WARMUP_REQUESTS, CONCURRENCY);
    expect(warmup.failures).toEqual([]);
    const rssOf = async () =>
      Object.fromEntries(await Promise.all(SERVICE_NAMES.map(async (name) => [name, await rssBytes(platform.pid(name))] as const))) as Record<
        ServiceName,
        number
      >;
    const rssBefore = await rssOf();

    const started = performance.now();
    const firstHalf = await drive(url, REQUESTS / 2, CONCURRENCY);
    const rssHalfway = await rssOf();
    const secondHalf = await drive(url, REQUESTS / 2, CONCURRENCY);
    const elapsedS = (performance.now() - started) / 1000;
    const rssAfter = await rssOf();

    const latenciesMs = [...firstHalf.latenciesMs, ...secondHalf.latenciesMs];
    const failures = [...firstHalf.failures, ...secondHalf.failures];
    const sorted = [...latenciesMs].sort((a, b) => a - b);
    console.log(
      [
        `${REQUESTS} predictions at concurrency ${CONCURRENCY} in ${elapsedS.toFixed(1)} s (${(REQUESTS / elapsedS).toFixed(0)}/s)`,
        `latency p50 ${percentile(sorted, 50).toFixed(2)} ms, p99 ${percentile(sorted, 99).toFixed(2)} ms, max ${sorted[sorted.length - 1].toFixed(2)} ms`,
        ...SERVICE_NAMES.map((name) => `${name} RSS ${mb(rssBefore[name])} → ${mb(rssHalfway[name])} (halfway) → ${mb(rssAfter[name])}`),
      ].join('\n'),
    );

    expect(failures.slice(0, 5)).toEqual([]);
    expect(latenciesMs).toHaveLength(REQUESTS);
    for (const name of SERVICE_NAMES) {
      const grewBeyondSlack = rssAfter[name] - rssHalfway[name] > SECOND_HALF_RSS_SLACK_BYTES;
      expect({ name, grewBeyondSlack }).toEqual({ name, grewBeyondSlack: false });
    }
  }, 120_000);
});
