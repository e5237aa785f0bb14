import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseModelParams, type ModelMetadata, type ModelMetadataDraft } from '@tabula/contracts';
import { claimScratchDir, openConfiguredStore, storeSpecOf, type ConfiguredStore, type ModelStore } from '@tabula/model-store';
import { createLogger } from '@tabula/service-kit';
import { buildDriftReference, parseCsvFile, trainTabularModel, type TabularModel } from '@tabula/tabular';
import type { Express } from 'express';
import { createApp, type PredictorDeps } from '#dist/app.js';
import { loadPredictorConfig } from '#dist/config.js';
import { createPredictorDeps, storePartsOf } from '#dist/predictor-deps.js';

// A predictor over a temp models dir (or, given DATABASE_URL and ARTIFACTS_URI, over a test database and
// bucket), as server.ts builds it but never listening: supertest drives the app. Models are trained here
// with @tabula/tabular and written with @tabula/model-store, as the trainer does, so every request reads
// real versions from a real store.

export const IRIS_CSV = fileURLToPath(new URL('../../../../samples/iris.csv', import.meta.url));
export const IRIS_COLUMNS = ['sepal.length', 'sepal.width', 'petal.length', 'petal.width'] as const;

export interface TrainedIris {
  model: TabularModel;
  files: Record<string, Uint8Array>;
  draft: (name: string) => ModelMetadataDraft;
}

/** An iris forest of `nEstimators` trees with metadata as a training writes it (metrics, drift reference). */
export async function trainIris(nEstimators = 10): Promise<TrainedIris> {
  const csv = await parseCsvFile(IRIS_CSV);
  const spec = parseModelParams('RandomForestClassifier', { n_estimators: nEstimators, random_state: 7 });
  const trained = trainTabularModel({ frame: csv, targetColumn: 'variety', columnsToDrop: [], spec, testSize: 0.2 });
  const { model } = trained;
  const signature = { target_column: 'variety', features: trained.features, columns_dropped: [], class_labels: trained.classLabels };
  const split = { test_size: 0.2, n_train: trained.nTrain, n_test: trained.nTest, stratified: trained.stratified };
  const dataset = { sha256: csv.sha256, bytes: csv.bytes, n_rows: csv.nRows, n_columns: csv.columns.length };
  const reference = buildDriftReference(csv, model);
  const params = { given: {}, applied: {}, engine_options: {} };
  const draft = (name: string): ModelMetadataDraft => ({
    format_version: 1, model_name: name, model_type: model.modelType, task: trained.task, engine: 'tabula', params, signature,
    metrics: trained.metrics, split, dataset, drift_reference: reference, training_ms: 1, package_versions: {},
  });
  return { model, files: model.serialize(), draft };
}

/** Stores the trained model as the next version of `name`. */
export const storeVersion = (store: ModelStore, name: string, trained: TrainedIris): Promise<ModelMetadata> =>
  store.createVersion(trained.draft(name), trained.files);

export interface TempPredictor {
  app: Express;
  deps: PredictorDeps;
  store: ConfiguredStore;
  /** The models dir (cluster mode: the artifact store's description). */
  root: string;
  /** Every log line the predictor wrote, parsed. */
  logs: Array<Record<string, unknown>>;
  /** Stops the scoring workers, closes the store and deletes the temp dirs. */
  close(): Promise<void>;
}

/**
 * A predictor app over a fresh temp models dir, configured as by its env (strings, as in
 * process.env; SCORING_WORKERS defaults to 0 here). `wrapStore` may wrap the store the app reads
 * through (to count calls); `modelsDir` replaces the fresh models dir.
 */
export async function createTempPredictor(
  env: Record<string, string> = {},
  { wrapStore = (store: ModelStore) => store, modelsDir }: { wrapStore?: (store: ModelStore) => ModelStore; modelsDir?: string } = {},
): Promise<TempPredictor> {
  const dir = await mkdtemp(join(tmpdir(), 'tabula-predictor-test-'));
  const config = loadPredictorConfig({
    SCORING_WORKERS: '0', LOG_LEVEL: 'info', PRELOAD_MODELS: 'false', ...env, MODELS_DIR: modelsDir ?? join(dir, 'models'), UPLOAD_DIR: join(dir, 'uploads'),
  });
  const logs: Array<Record<string, unknown>> = [];
  const logger = createLogger('predictor', config.LOG_LEVEL, { write: (line: string) => void logs.push(JSON.parse(line) as Record<string, unknown>) });
  const storeSpec = storeSpecOf(config);
  const store = await openConfiguredStore(storeSpec);
  const uploads = await claimScratchDir(config.UPLOAD_DIR);
  const deps = createPredictorDeps(config, { logger, store: wrapStore(store), storeSpec, ...storePartsOf(store), uploadDir: uploads.dir });
  return {
    app: createApp(deps),
    deps,
    store,
    root: store.root,
    logs,
    close: async () => {
      await deps.scorer.close();
      await store.close();
      await rm(dir, { recursive: true, force: true });
    },
  };
}

/** A CSV of iris-like rows whose features vary from row to row, so that every row's probabilities say which row it was. */
export function varyingIrisCsv(nRows: number): string {
  const lines = [IRIS_COLUMNS.join(',')];
  for (let i = 0; i < nRows; i++) {
    const cells = [4.3 + ((i * 37) % 360) / 100, 2 + ((i * 11) % 240) / 100, 1 + ((i * 53) % 590) / 100, 0.1 + ((i * 29) % 240) / 100];
    lines.push(cells.map((value) => value.toFixed(2)).join(','));
  }
  return `${lines.join('\n')}\n`;
}

/** The same rows as JSON records, for the frame path that scores them in one job. */
export function csvToRecords(csv: string): Array<Record<string, number>> {
  const [header, ...rows] = csv.trimEnd().split('\n');
  const columns = header.split(',');
  return rows.map((row) => Object.fromEntries(row.split(',').map((cell, i) => [columns[i], Number(cell)])));
}
