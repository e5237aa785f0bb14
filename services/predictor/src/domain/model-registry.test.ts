import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { ModelLimitsEnvSchema, modelLimitsOf, parseModelParams, type ModelMetadataDraft } from '@tabula/contracts';
import { openModelStore, type ModelStore, type RegistryChange } from '@tabula/model-store';
import { parseCsvFile, trainTabularModel, type TabularModel } from '@tabula/tabular';
import { ModelRegistry } from './model-registry.js';

const DEFAULT_LIMITS = modelLimitsOf(ModelLimitsEnvSchema.parse({}));
const IRIS = fileURLToPath(new URL('../../../../samples/iris.csv', import.meta.url));

let root: string;
let store: ModelStore;
let model: TabularModel;
let fileBytes: number;

/** Metadata for an iris classifier, as a training would write it. */
function draftOf(trained: TabularModel): ModelMetadataDraft {
  return {
    format_version: 1,
    model_name: 'iris',
    model_type: trained.modelType,
    task: trained.task,
    engine: 'tabula',
    params: { given: {}, applied: {}, engine_options: {} },
    signature: { target_column: 'variety', features: trained.features, columns_dropped: [], class_labels: trained.classLabels },
    metrics: {},
    split: { test_size: 0.2, n_train: 120, n_test: 30, stratified: true },
    dataset: { sha256: 'a'.repeat(64), bytes: 1, n_rows: 150, n_columns: 5 },
    training_ms: 1,
    package_versions: {},
  };
}

beforeAll(async () => {
  root = await mkdtemp(join(tmpdir(), 'tabula-registry-'));
  store = openModelStore(root);
  const iris = await parseCsvFile(IRIS);
  const spec = parseModelParams('RandomForestClassifier', { n_estimators: 25, random_state: 1 });
  model = trainTabularModel({ frame: iris, targetColumn: 'variety', columnsToDrop: [], spec, testSize: 0.2 }).model;
  const files = model.serialize();
  fileBytes = Object.values(files).reduce((sum, bytes) => sum + bytes.byteLength, 0);
  for (let i = 0; i < 3; i++) await store.createVersion(draftOf(model), files);
});
afterAll(() => rm(root, { recursive: true, force: true }));

describe('ModelRegistry', () => {
  describe('its cache budget', () => {
    it('should count what a model holds in memory, not its file size', async () => {
      const { loaded } = await new ModelRegistry(store, { cacheBytes: 1e9, limits: DEFAULT_LIMITS }).get({ name: 'iris', version: 1 });
      expect(loaded.bytes).toBe(fileBytes);
      expect(loaded.memoryBytes).toBe(loaded.model.memoryBytes);
      // A forest's decoded arrays, walk tables and base64 text outweigh its model.json.
      expect(loaded.memoryBytes).toBeGreaterThan(1.5 * fileBytes);
    });

    it('should evict by memory: a budget that two files fit in but not two loaded models holds one', async () => {
      const probe = await new ModelRegistry(store, { cacheBytes: 1e9, limits: DEFAULT_LIMITS }).get({ name: 'iris', version: 1 });
      const cacheBytes = Math.floor(1.5 * probe.loaded.memoryBytes);
      expect(cacheBytes).toBeGreaterThan(2 * fileBytes);
      const registry = new ModelRegistry(store, { cacheBytes, limits: DEFAULT_LIMITS });
      expect((await registry.get({ name: 'iris', version: 1 })).wasCold).toBe(true);
      expect((await registry.get({ name: 'iris', version: 2 })).wasCold).toBe(true);
      expect((await registry.get({ name: 'iris', version: 2 })).wasCold).toBe(false);
      // Version 1 made way for version 2.
      expect((await registry.get({ name: 'iris', version: 1 })).wasCold).toBe(true);
    });
  });

  describe('its model caps', () => {
    it('should refuse a version past MAX_CLASSES from its metadata, before reading its artifacts', async () => {
      // A damaged artifact: any read of it would answer MODEL_CORRUPT instead.
      await writeFile(join(root, 'iris', '3', 'model.json'), '{"damaged": true}');
      const registry = new ModelRegistry(store, { cacheBytes: 1e9, limits: { ...DEFAULT_LIMITS, maxClasses: 2 } });
      await expect(registry.get({ name: 'iris', version: 3 })).rejects.toMatchObject({
        code: 'PAYLOAD_TOO_LARGE',
        message: 'Model "iris" version 3 has 3 classes; the limit is 2 (MAX_CLASSES).',
      });
      await expect(new ModelRegistry(store, { cacheBytes: 1e9, limits: DEFAULT_LIMITS }).get({ name: 'iris', version: 3 })).rejects.toMatchObject({ code: 'MODEL_CORRUPT' });
    });

    it('should refuse a model.json past MAX_FEATURES after one-hot encoding', async () => {
      const registry = new ModelRegistry(store, { cacheBytes: 1e9, limits: { ...DEFAULT_LIMITS, maxFeatures: 4, maxCategories: 2 } });
      expect((await registry.get({ name: 'iris', version: 1 })).loaded.model.features).toHaveLength(4);
      const tight = new ModelRegistry(store, { cacheBytes: 1e9, limits: { ...DEFAULT_LIMITS, maxFeatures: 3 } });
      await expect(tight.get({ name: 'iris', version: 1 })).rejects.toMatchObject({ code: 'PAYLOAD_TOO_LARGE', message: expect.stringContaining('(MAX_FEATURES)') });
    });
  });

  describe('a version deleted while it is cached', () => {
    it('should not be served from the cache once its directory is gone', async () => {
      const { version } = await store.createVersion(draftOf(model), model.serialize());
      const registry = new ModelRegistry(store, { cacheBytes: 1e9, limits: DEFAULT_LIMITS });
      const pinned = await registry.resolve('iris', version);
      expect((await registry.get(pinned)).wasCold).toBe(true);
      expect((await registry.get(pinned)).wasCold).toBe(false);
      await store.deleteVersion('iris', version);
      // The ref was pinned before the delete, as a stream under way pins it: its next block is refused.
      await expect(registry.get(pinned)).rejects.toMatchObject({ code: 'VERSION_NOT_FOUND' });
      await expect(registry.resolve('iris', version)).rejects.toMatchObject({ code: 'VERSION_NOT_FOUND' });
    });
  });

  describe('with onRegistryChange (cluster mode)', () => {
    it('should drop a loaded version as soon as its deletion is heard, and keep the others', async () => {
      let notify: (change: RegistryChange) => void = () => undefined;
      const registry = new ModelRegistry(store, {
        cacheBytes: 1e9,
        limits: DEFAULT_LIMITS,
        onRegistryChange: (listener) => {
          notify = listener;
          return () => undefined;
        },
      });
      await registry.get({ name: 'iris', version: 1 });
      await registry.get({ name: 'iris', version: 2 });
      notify({ model_name: 'iris', change: 'alias-set', version: 2, alias: 'production' });
      notify({ model_name: 'iris', change: 'version-deleted', version: 1, alias: null });
      // The folder still holds version 1 (the notification stands for a delete elsewhere): it loads again, cold.
      expect((await registry.get({ name: 'iris', version: 1 })).wasCold).toBe(true);
      expect((await registry.get({ name: 'iris', version: 2 })).wasCold).toBe(false);
    });
  });
});
