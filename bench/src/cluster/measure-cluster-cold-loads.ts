import { readdir } from 'node:fs/promises';
import { join } from 'node:path';
import { logProgress } from '../log-progress.js';
import { cachedPages, dropFileCache } from '../model-files/drop-file-cache.js';
import { storeVersion, trainForestModel, makeBlobFrame, type ForestShape } from '../model-files/forest-versions.js';
import { runColdLoad, type LoadTiming } from '../model-files/run-cold-load.js';
import type { Section } from '../report.js';
import { median } from '../serving/latency-stats.js';
import type { BenchStore } from './bench-stores.js';

const MODEL = 'forest';

interface StoreRun {
  store: BenchStore;
  version: number;
  loads: LoadTiming[];
  cachedPagesBefore: number[];
}

/** Every file under `dir` (an artifact store's root, or s3rver's bucket directory). */
async function filesUnder(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { recursive: true, withFileTypes: true });
  return entries.filter((entry) => entry.isFile()).map((entry) => join(entry.parentPath, entry.name));
}

/**
 * Cold load of one forest from each store: the same model stored in each, then loaded nLoads times per store in
 * a fresh process (readArtifacts + loadTabularModel, as the predictor does), the stores taking turns and each
 * store's artifact files dropped from the page cache before its load.
 */
export async function measureClusterColdLoads(stores: BenchStore[], shape: ForestShape, nLoads: number): Promise<Section> {
  logProgress(`cluster: cold load: training a ${shape.nTrees}-tree forest on ${shape.nRows} rows × ${shape.nFeatures} features`);
  const model = trainForestModel(makeBlobFrame({ ...shape, nRows: Math.round(shape.nRows / 0.99) }, 7), shape.nTrees);
  const files = model.serialize();
  const runs: StoreRun[] = [];
  for (const store of stores) runs.push({ store, version: await storeVersion(store.store, MODEL, model, files), loads: [], cachedPagesBefore: [] });
  let isCacheDropped = true;
  for (let i = 0; i < nLoads; i++) {
    for (const run of i % 2 === 0 ? runs : [...runs].reverse()) {
      const paths = await filesUnder(run.store.artifactDir);
      isCacheDropped = dropFileCache(paths) && isCacheDropped;
      run.cachedPagesBefore.push(cachedPages(paths) ?? Number.NaN);
      run.loads.push(await runColdLoad(run.store.env, MODEL, run.version));
    }
    logProgress(`cluster: cold load ${i + 1}/${nLoads} from each store done`);
  }
  const ms = (value: number) => value.toFixed(0);
  const folder = median(runs[0].loads.map((load) => load.totalMs));
  const pagesLeft = Math.max(...runs.flatMap((run) => run.cachedPagesBefore));
  return {
    title: 'Cluster: cold load of a forest, object store vs folder',
    columns: ['store', 'cold load, ms: median (min–max)', 'read + sha256, ms', 'parse + decode + walk tables, ms', 'vs folder'],
    rows: runs.map((run) => {
      const totals = run.loads.map((load) => load.totalMs);
      return [
        describeStore(run.store),
        `${ms(median(totals))} (${ms(Math.min(...totals))}–${ms(Math.max(...totals))})`,
        ms(median(run.loads.map((load) => load.readMs))),
        ms(median(run.loads.map((load) => load.decodeMs))),
        `${(median(totals) / folder).toFixed(2)}×`,
      ];
    }),
    notes: [
      `One RandomForestClassifier of ${shape.nTrees} trees (format 2, ${Object.keys(files).length} artifact files, ${(Object.values(files).reduce((sum, bytes) => sum + bytes.byteLength, 0) / 1024 / 1024).toFixed(1)} MB) stored once in each store; median of ${nLoads} cold loads per store, each in a fresh Node process that opens the store from the services' settings first (untimed: connection, migrations, the artifact probe) and then times store.readArtifacts + loadTabularModel, as the predictor's ModelRegistry loads a version.`,
      isCacheDropped
        ? `Before each load the store's artifact files were dropped from the page cache (posix_fadvise DONTNEED); fincore counted ${Number.isNaN(pagesLeft) ? 'n/a (not installed)' : pagesLeft} pages still cached at worst. PostgreSQL's own buffers (the metadata and artifact rows) stay warm, as in a running cluster.`
        : 'The page cache could not be dropped (python3 missing): the loads read cached files.',
      's3rver is a Node stand-in for S3 on loopback (objects in a local directory, served over HTTP through the real AWS SDK): the s3:// row shows the HTTP and SDK cost, not a real S3\'s or MinIO\'s network latency.',
    ],
  };
}

function describeStore({ kind }: BenchStore): string {
  if (kind === 'folder') return 'folder (MODELS_DIR)';
  if (kind === 'postgres+file') return 'PostgreSQL + file:// artifacts';
  return 'PostgreSQL + s3:// (s3rver on loopback)';
}
