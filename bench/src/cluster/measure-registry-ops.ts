import { performance } from 'node:perf_hooks';
import { logProgress } from '../log-progress.js';
import { makeBlobFrame, storeVersion, trainForestModel } from '../model-files/forest-versions.js';
import type { Section } from '../report.js';
import { ms, summarizeLatencies, type LatencyStats } from '../serving/latency-stats.js';
import type { BenchStore } from './bench-stores.js';

const MODEL = 'tiny';
const ALIAS = 'production';

export interface RegistryOpCounts {
  writes: number;
  reads: number;
}

interface Operation {
  label: string;
  count: (counts: RegistryOpCounts) => number;
  concurrency: number;
  run: (store: BenchStore) => Promise<unknown>;
}

/**
 * Runs `count` calls of `op`, `concurrency` at a time (each worker starts its next call when its last one
 * returns, as runLoad does with requests), timing each call; a failed call stops the run.
 */
async function timeCalls(op: () => Promise<unknown>, count: number, concurrency: number): Promise<LatencyStats> {
  const latencies: number[] = [];
  let next = 0;
  async function worker(): Promise<void> {
    while (next < count) {
      next++;
      const startMs = performance.now();
      await op();
      latencies.push(performance.now() - startMs);
    }
  }
  const startMs = performance.now();
  await Promise.all(Array.from({ length: concurrency }, worker));
  return summarizeLatencies(latencies, performance.now() - startMs);
}

/**
 * Registry operations per second on each store, in the bench process: version allocation (createVersion of a
 * one-tree model, artifacts included, all on one model name so that concurrent writers contend for its counter
 * as trainers of one model would), then an alias resolved to its version and the alias table read.
 */
export async function measureRegistryOps(stores: BenchStore[], counts: RegistryOpCounts): Promise<Section> {
  const tiny = trainForestModel(makeBlobFrame({ nRows: 200, nFeatures: 4, nClasses: 3, nTrees: 1 }, 3), 1);
  const files = tiny.serialize();
  const create = ({ store }: BenchStore) => storeVersion(store, MODEL, tiny, files);
  const operations: Operation[] = [
    ...[1, 8, 32].map((concurrency) => ({ label: 'createVersion (version allocation + artifacts)', count: (c: RegistryOpCounts) => c.writes, concurrency, run: create })),
    ...[1, 32].map((concurrency) => ({ label: `resolveVersion("${MODEL}", "${ALIAS}")`, count: (c: RegistryOpCounts) => c.reads, concurrency, run: ({ store }: BenchStore) => store.resolveVersion(MODEL, ALIAS) })),
    ...[1, 32].map((concurrency) => ({ label: `readAliases("${MODEL}")`, count: (c: RegistryOpCounts) => c.reads, concurrency, run: ({ store }: BenchStore) => store.readAliases(MODEL) })),
  ];
  const rows: (string | number)[][] = [];
  let isAliasSet = false;
  for (const operation of operations) {
    if (!isAliasSet && operation.run !== create) {
      for (const { store } of stores) await store.setAlias(MODEL, ALIAS, (await store.listVersions(MODEL)).at(-1)!.version);
      isAliasSet = true;
    }
    const row: (string | number)[] = [operation.label, operation.concurrency];
    for (const store of stores) {
      const count = operation.count(counts);
      logProgress(`cluster: registry: ${operation.label} × ${count}, ${operation.concurrency} in flight, on ${store.kind}`);
      // A few untimed calls first, so the first timed one pays no connection set-up or JIT warm-up.
      await timeCalls(() => operation.run(store), Math.min(20, count), operation.concurrency);
      const stats = await timeCalls(() => operation.run(store), count, operation.concurrency);
      row.push(Math.round(stats.perSecond), `${ms(stats.p50Ms)} / ${ms(stats.p99Ms)}`);
    }
    rows.push(row);
  }
  return {
    title: 'Cluster: registry operations',
    columns: ['operation', 'in flight', ...stores.flatMap(({ kind }) => [`${kind}: ops/s`, `${kind}: p50 / p99, ms`])],
    rows,
    notes: [
      `Calls through the ModelStore interface in the bench process, each store opened with openConfiguredStore from the settings a service gets (${stores.map(({ kind, env }) => `${kind}: ${Object.keys(env).filter((key) => !key.startsWith('AWS_')).join(' + ')}`).join('; ')}). ${counts.writes} createVersion calls per row, ${counts.reads} per read row, after a few untimed ones.`,
      `createVersion writes a one-tree model (${Object.keys(files).length} artifact files, ${(Object.values(files).reduce((sum, bytes) => sum + bytes.byteLength, 0) / 1024).toFixed(1)} KB) to one model name: concurrent calls contend for that model's version counter (the folder store's model lock, PostgreSQL's row lock on the models row), so in-flight calls queue rather than add up. The PostgreSQL store's pool holds 10 connections.`,
      'resolveVersion on PostgreSQL is answered from the store handle\'s resolution cache after the first call (dropped on each NOTIFY of a change to the model, bypassed while LISTEN is down), which is how a predictor resolves: no query per request. readAliases always queries.',
      'PostgreSQL is the tests\' harness (startTestPostgres): fsync, synchronous_commit and full_page_writes are OFF, so its figures are an upper bound for a durable server. The artifact bytes are fsync\'d on both sides (the folder store\'s version files, the file:// artifact store\'s objects).',
    ],
  };
}
