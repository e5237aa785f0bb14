import { mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { afterEach, beforeEach } from '@jest/globals';
import type { ModelMetadataDraft, PerformanceReport } from '@tabula/contracts';
import { openModelStore, type ModelStore, type ModelStoreOptions } from './open-model-store.js';

/** A valid draft as the trainer would produce it, for the store's tests. */
export function makeDraft(modelName: string, overrides: Partial<ModelMetadataDraft> = {}): ModelMetadataDraft {
  return {
    format_version: 1,
    model_name: modelName,
    model_type: 'RandomForestClassifier',
    task: 'classification',
    engine: 'mljs',
    params: { given: { n_estimators: 10 }, applied: { n_estimators: 10 }, engine_options: {} },
    signature: {
      target_column: 'species',
      features: [
        { name: 'sepal_length', type: 'numeric' },
        { name: 'colour', type: 'categorical' },
      ],
      columns_dropped: [],
      class_labels: ['setosa', 'versicolor'],
    },
    metrics: { accuracy: 0.95 },
    split: { test_size: 0.2, n_train: 120, n_test: 30, stratified: true },
    dataset: { sha256: 'a'.repeat(64), bytes: 4551, n_rows: 150, n_columns: 5 },
    training_ms: 12.5,
    package_versions: { '@tabula/engines': '0.1.0' },
    ...overrides,
  };
}

/** Two artifacts, one binary with every byte value, so that encodings cannot hide a mismatch. */
export function makeFiles(): Record<string, Uint8Array> {
  const binary = new Uint8Array(256);
  for (let i = 0; i < binary.length; i += 1) binary[i] = i;
  return { 'model.json': new TextEncoder().encode('{"trees":[]}'), 'forest.bin': binary };
}

/** A fresh directory under the OS temp dir, and a function that deletes it. */
export async function makeTempDir(): Promise<{ dir: string; cleanup: () => Promise<void> }> {
  const dir = await mkdtemp(join(tmpdir(), 'tabula-model-store-'));
  return { dir, cleanup: () => rm(dir, { recursive: true, force: true }) };
}

/**
 * A store over a fresh temp dir for every test of the file, deleted after it. Tests read
 * `temp.root` and `temp.store`, which beforeEach fills in.
 */
export function useTempStore(options: ModelStoreOptions = {}): { root: string; store: ModelStore } {
  const temp = { root: '', store: openModelStore(tmpdir(), options) };
  let cleanup = async () => {};
  beforeEach(async () => {
    const made = await makeTempDir();
    cleanup = made.cleanup;
    temp.root = made.dir;
    temp.store = openModelStore(made.dir, options);
  });
  afterEach(() => cleanup());
  return temp;
}

/** Files (not dirs: each writer's scratch dir stays) under the store's temp dir, relative to it. */
export async function listTempFiles(root: string): Promise<string[]> {
  const tempRoot = join(root, '.tmp');
  const entries = await readdir(tempRoot, { recursive: true, withFileTypes: true });
  return entries.filter((e) => !e.isDirectory()).map((e) => join(e.parentPath, e.name).slice(tempRoot.length + 1));
}

/** A performance report of iris@version made `at` seconds into 2026. */
export function makeReport(version: number, at: number, accuracy: number): PerformanceReport {
  return {
    kind: 'performance',
    model_name: 'iris',
    model_version: version,
    created_at: new Date(Date.UTC(2026, 0, 1) + at * 1000).toISOString(),
    n_rows: 30,
    target_column: 'variety',
    metrics: { accuracy },
    training_metrics: { accuracy: 0.9 },
    delta: { accuracy: accuracy - 0.9 },
  };
}

/** A loopback port nothing listens on (taken from the OS, then released): a database or store that is not there. */
export function closedPort(): Promise<number> {
  return new Promise((resolve) => {
    const probe = createServer().listen(0, '127.0.0.1', () => {
      const { port } = probe.address() as { port: number };
      probe.close(() => resolve(port));
    });
  });
}
