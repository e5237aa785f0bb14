import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openModelStore } from '@tabula/model-store';
import { MODEL_FILE_NAME } from '@tabula/tabular';
import { logProgress } from '../log-progress.js';
import { median } from '../serving/latency-stats.js';
import type { Section } from '../report.js';
import { cachedPages, dropFileCache } from './drop-file-cache.js';
import { FOREST_SHAPE, QUICK_FOREST_SHAPE, makeBlobFrame, storeVersion, toFormat1Files, trainForestModel, type ForestShape } from './forest-versions.js';
import { runColdLoad, type LoadTiming } from './run-cold-load.js';


interface FormatRun {
  format: 1 | 2;
  version: number;
  files: string[];
  bytes: number;
  modelJsonBytes: number;
  loads: LoadTiming[];
  cachedPagesBefore: number[];
}

/**
 * Model files, format 1 vs format 2: one forest stored both ways through the model store, then
 * loaded cold (a fresh process per load, its files dropped from the page cache first) in turns, so
 * both formats see the same machine state.
 */
export async function runModelFilesBench(options: { quick: boolean; nLoads?: number }): Promise<Section[]> {
  const shape = options.quick ? QUICK_FOREST_SHAPE : FOREST_SHAPE;
  const nLoads = options.nLoads ?? (options.quick ? 3 : 7);
  const root = await mkdtemp(join(tmpdir(), 'tabula-bench-model-files-'));
  try {
    logProgress(`model files: training a ${shape.nTrees}-tree forest on ${shape.nRows} rows × ${shape.nFeatures} features, ${shape.nClasses} classes`);
    const model = trainForestModel(makeBlobFrame({ ...shape, nRows: Math.round(shape.nRows / 0.99) }, 7), shape.nTrees);
    const store = openModelStore(root);
    const format2 = model.serialize();
    const runs: FormatRun[] = [];
    for (const [format, files] of [[1, toFormat1Files(format2)], [2, format2]] as const) {
      const version = await storeVersion(store, 'forest', model, files);
      const names = Object.keys(files);
      runs.push({
        format,
        version,
        files: names,
        bytes: Object.values(files).reduce((sum, bytes) => sum + bytes.byteLength, 0),
        modelJsonBytes: files[MODEL_FILE_NAME].byteLength,
        loads: [],
        cachedPagesBefore: [],
      });
    }
    let isCacheDropped = true;
    for (let i = 0; i < nLoads; i++) {
      for (const run of i % 2 === 0 ? runs : [...runs].reverse()) {
        const paths = [join(root, 'forest', String(run.version), 'metadata.json'), ...run.files.map((file) => join(root, 'forest', String(run.version), file))];
        isCacheDropped = dropFileCache(paths) && isCacheDropped;
        run.cachedPagesBefore.push(cachedPages(paths) ?? Number.NaN);
        run.loads.push(await runColdLoad({ MODELS_DIR: store.root }, 'forest', run.version));
      }
      logProgress(`model files: cold load ${i + 1}/${nLoads} of each format done`);
    }
    return [toSection(shape, runs, nLoads, isCacheDropped)];
  } finally {
    await rm(root, { recursive: true, force: true });
  }
}

const mb = (bytes: number): string => (bytes / 1024 / 1024).toFixed(1);
const ms = (value: number): string => value.toFixed(0);

function toSection(shape: ForestShape, runs: FormatRun[], nLoads: number, isCacheDropped: boolean): Section {
  const [one, two] = runs;
  const rows = runs.map((run) => {
    const totals = run.loads.map((load) => load.totalMs);
    return [
      run.format === 1 ? '1 (base64 in model.json)' : '2 (raw array files)',
      run.files.length + 1,
      mb(run.bytes),
      (run.modelJsonBytes / 1024).toFixed(1),
      `${ms(median(totals))} (${ms(Math.min(...totals))}–${ms(Math.max(...totals))})`,
      ms(median(run.loads.map((load) => load.readMs))),
      ms(median(run.loads.map((load) => load.decodeMs))),
      mb(run.loads[0].memoryBytes),
    ];
  });
  const pagesLeft = Math.max(...runs.flatMap((run) => run.cachedPagesBefore));
  return {
    title: 'Model files: format 1 vs format 2',
    columns: ['format', 'files (with metadata.json)', 'artifacts on disk, MB', 'model.json, KB', 'cold load, ms: median (min–max)', 'read + sha256, ms', 'parse + decode + walk tables, ms', 'memory counted by the cache, MB'],
    rows,
    notes: [
      `One RandomForestClassifier of ${shape.nTrees} trees (tabula engine, fully grown) on ${shape.nRows.toLocaleString('en-US')} rows × ${shape.nFeatures} features, ${shape.nClasses} classes, stored both ways through the model store. Format 2 is ${(one.bytes / two.bytes).toFixed(2)}× smaller and loads ${(median(one.loads.map((l) => l.totalMs)) / median(two.loads.map((l) => l.totalMs))).toFixed(1)}× faster (medians).`,
      `Cold load: what the predictor's ModelRegistry does (store.readArtifacts: read every file, check its size and sha256; then loadTabularModel: parse model.json, decode or view the arrays, validate every node, build the walk tables), timed from the first read to a model ready to predict, median of ${nLoads} loads per format, each in a fresh Node process, the two formats taking turns.`,
      isCacheDropped
        ? `Before each load the version's files were dropped from the page cache (posix_fadvise DONTNEED, through python3); fincore counted ${Number.isNaN(pagesLeft) ? 'n/a (not installed)' : pagesLeft} pages still cached at worst. A VM's host may still cache them.`
        : 'The page cache could not be dropped (python3 missing): the loads read cached files.',
      'Format 1 is produced from the same model as the code before format 2 wrote it (the engine bundle base64-encoded inside model.json); format 2 writes model.json with the preprocessing and the engine header, and each array as a raw little-endian file listed in metadata.json with dtype, shape and sha256.',
    ],
  };
}
