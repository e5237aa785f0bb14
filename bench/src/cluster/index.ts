import { logProgress } from '../log-progress.js';
import { FOREST_SHAPE, QUICK_FOREST_SHAPE } from '../model-files/forest-versions.js';
import type { Section } from '../report.js';
import { BenchStores, STORE_KINDS, type BenchStore, type StoreKind } from './bench-stores.js';
import { measureClusterColdLoads } from './measure-cluster-cold-loads.js';
import { measureRegistryOps } from './measure-registry-ops.js';
import { measureReplicaThroughput } from './measure-replica-throughput.js';

export { STORE_KINDS, type StoreKind } from './bench-stores.js';

export interface ClusterBenchOptions {
  quick: boolean;
  /** The store the predictors of the 1-vs-3 replica run read (folder until the services read DATABASE_URL). */
  servingStore: StoreKind;
}

const COUNTS = { loads: 7, registry: { writes: 200, reads: 2_000 }, warmup: 500, requests: 5_000 };
const QUICK_COUNTS = { loads: 3, registry: { writes: 40, reads: 300 }, warmup: 50, requests: 500 };

/**
 * The cluster section (issue 14): cold load of one forest from the folder, PostgreSQL + file:// and PostgreSQL +
 * s3rver; registry operations per second on PostgreSQL beside the folder store; predictions per second through one
 * gateway with 1 and 3 predictor processes. PostgreSQL and s3rver are the tests' harnesses, started here.
 */
export async function runClusterBench(options: ClusterBenchOptions): Promise<Section[]> {
  const counts = options.quick ? QUICK_COUNTS : COUNTS;
  const shape = options.quick ? QUICK_FOREST_SHAPE : FOREST_SHAPE;
  logProgress('cluster: starting PostgreSQL (test harness) and s3rver');
  const stores = await BenchStores.start();
  try {
    const opened = new Map<StoreKind, BenchStore>();
    for (const kind of STORE_KINDS) opened.set(kind, await stores.open(kind));
    const all = STORE_KINDS.map((kind) => opened.get(kind)!);
    // Cold loads first, while the stores hold one model and nothing else has run.
    const coldLoads = await measureClusterColdLoads(all, shape, counts.loads);
    const registry = await measureRegistryOps([opened.get('folder')!, opened.get('postgres+file')!], counts.registry);
    const serving = opened.get(options.servingStore)!;
    const storeLabel = `${serving.kind} (${Object.keys(serving.env).filter((key) => !key.startsWith('AWS_')).join(', ')})`;
    const replicas = await measureReplicaThroughput({
      storeEnv: serving.env,
      storeLabel,
      model: 'forest',
      nFeatures: shape.nFeatures,
      nTrees: shape.nTrees,
      warmup: counts.warmup,
      requests: counts.requests,
    }).catch((error: unknown): Section => {
      // Predictors that do not read this store yet answer 404: the two tables above still stand.
      const message = error instanceof Error ? error.message : String(error);
      logProgress(`cluster: replicas over ${storeLabel} failed: ${message}`);
      return { title: 'Cluster: predictions through one gateway, 1 vs 3 predictors', columns: ['result'], rows: [['failed']], notes: [`Over ${storeLabel}: ${message.slice(0, 1_000)}`] };
    });
    return [replicas, coldLoads, registry];
  } finally {
    await stores.stop();
  }
}
