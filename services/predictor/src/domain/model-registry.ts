import { isTabulaError, versionNotFound, type ModelLimits, type VersionRef } from '@tabula/contracts';
import type { ModelStore, RegistryChangeListener } from '@tabula/model-store';
import { checkSignatureLimits, loadTabularModel, type TabularModel } from '@tabula/tabular';

/** A concrete stored version: a ref ("latest", an alias, none) is resolved once per request, so every block of it agrees. */
export interface ModelRef {
  name: string;
  version: number;
}

export interface LoadedModel {
  name: string;
  version: number;
  model: TabularModel;
  /** Artifact bytes on disk. */
  bytes: number;
  /** Estimated bytes in memory (TabularModel.memoryBytes): what the cache budget counts. */
  memoryBytes: number;
  loadMs: number;
}

/** What the registry tells about each model it loads from disk (for logs and cold-start figures). */
export type OnModelLoaded = (loaded: Omit<LoadedModel, 'model'>) => void;

export interface ModelRegistryOptions {
  /** MODEL_CACHE_MB in bytes: the estimated memory of the models kept loaded in this thread. */
  cacheBytes: number;
  /** MAX_FEATURES, MAX_CATEGORIES, MAX_CLASSES: a model past one is refused before it is decoded. */
  limits: ModelLimits;
  onLoaded?: OnModelLoaded;
  /**
   * Cluster mode: subscribes to committed registry changes (the store's LISTEN), so that a version deleted
   * anywhere frees its memory here at once rather than at the next request that finds it gone.
   */
  onRegistryChange?: (listener: RegistryChangeListener) => () => void;
}

const GONE_CODES = new Set(['VERSION_NOT_FOUND', 'MODEL_NOT_FOUND']);

/**
 * name@version → loaded model, in the manner of KServe's ModelRepository. A request pins its ref
 * to a version once (resolve: one listing of the model's directory), which is how a new version or
 * a moved alias is seen without a restart; its jobs then ask for that version (get) without listing
 * again. Versions are immutable and their numbers never reused, so a cached model never goes stale;
 * it only goes away: a cached copy is served only while its directory is still there (one lstat),
 * so a deleted version stops being served as soon as its delete has answered, even to a stream
 * already under way. The cache is an LRU bounded by the models' estimated memory, not their file
 * size: a format-2 forest's arrays and walk tables count 1.2× its array files (bench, "Model files"), an
 * ml.js forest's objects 9× its model.json.
 *
 * In cluster mode the same two calls go to the PostgreSQL store, which answers them from its
 * resolution cache (no query per request) and drops that cache on each LISTEN/NOTIFY change, so a
 * moved alias or a deleted version is seen as soon as the change is heard.
 */
export class ModelRegistry {
  private readonly cache = new Map<string, LoadedModel>();
  private readonly loading = new Map<string, Promise<LoadedModel>>();
  private cachedBytes = 0;
  private readonly maxBytes: number;
  private readonly limits: ModelLimits;
  private readonly onLoaded: OnModelLoaded;

  constructor(
    private readonly store: ModelStore,
    options: ModelRegistryOptions,
  ) {
    this.maxBytes = options.cacheBytes;
    this.limits = options.limits;
    this.onLoaded = options.onLoaded ?? (() => {});
    options.onRegistryChange?.((change) => {
      if (change.change === 'version-deleted' && change.version !== null) this.forget(`${change.model_name}@${change.version}`);
    });
  }

  /** Pins a version ref (or, without one, the default rule) to a stored version: once per request. */
  async resolve(name: string, ref?: VersionRef): Promise<ModelRef> {
    try {
      return { name, version: await this.store.resolveVersion(name, ref) };
    } catch (error) {
      // A deleted version frees its memory at the first request that finds it gone.
      if (typeof ref === 'number' && isTabulaError(error) && GONE_CODES.has(error.code)) this.forget(`${name}@${ref}`);
      throw error;
    }
  }

  /** The model of a resolved version, and whether this call had to load it from disk (a cold start). */
  async get({ name, version }: ModelRef): Promise<{ loaded: LoadedModel; wasCold: boolean }> {
    const key = `${name}@${version}`;
    const hit = this.cache.get(key);
    if (hit) {
      if (!(await this.store.hasVersion(name, version))) {
        this.forget(key);
        throw await this.goneError(name, version);
      }
      // Still the cached entry (not evicted meanwhile): move it to the young end of the LRU.
      if (this.cache.get(key) === hit) {
        this.cache.delete(key);
        this.cache.set(key, hit);
      }
      return { loaded: hit, wasCold: false };
    }
    let pending = this.loading.get(key);
    if (!pending) {
      // Concurrent requests for a cold model share one load.
      pending = this.load(name, version).finally(() => this.loading.delete(key));
      this.loading.set(key, pending);
    }
    return { loaded: await pending, wasCold: true };
  }

  /**
   * Reads and decodes a version, refusing one past a model cap (413 naming the setting) first from
   * its metadata (input columns, classes), then from its parsed model.json (categories, one-hot
   * inputs), in both cases before the estimator is decoded and its memory spent. A version deleted
   * since it was resolved fails here, on its first read.
   */
  private async load(name: string, version: number): Promise<LoadedModel> {
    const startedAt = performance.now();
    const label = `model "${name}" version ${version}`;
    checkSignatureLimits((await this.store.readMetadata(name, version)).signature, this.limits, label);
    const files = await this.store.readArtifacts(name, version);
    const model = loadTabularModel(files, { limits: this.limits, label });
    const bytes = Object.values(files).reduce((sum, file) => sum + file.byteLength, 0);
    const loadMs = Math.round((performance.now() - startedAt) * 100) / 100;
    const loaded: LoadedModel = { name, version, model, bytes, memoryBytes: model.memoryBytes, loadMs };
    this.remember(`${name}@${version}`, loaded);
    this.onLoaded({ name, version, bytes, memoryBytes: loaded.memoryBytes, loadMs });
    return loaded;
  }

  /** The error a resolution gives for a version found gone: VERSION_NOT_FOUND, or MODEL_NOT_FOUND when it was the last. */
  private async goneError(name: string, version: number): Promise<unknown> {
    try {
      await this.store.resolveVersion(name, version);
    } catch (error) {
      return error;
    }
    return versionNotFound(name, version);
  }

  private forget(key: string): void {
    const cached = this.cache.get(key);
    if (cached === undefined) return;
    this.cache.delete(key);
    this.cachedBytes -= cached.memoryBytes;
  }

  private remember(key: string, loaded: LoadedModel): void {
    this.cache.set(key, loaded);
    this.cachedBytes += loaded.memoryBytes;
    for (const [oldKey, old] of this.cache) {
      if (this.cachedBytes <= this.maxBytes || oldKey === key) break;
      this.cache.delete(oldKey);
      this.cachedBytes -= old.memoryBytes;
    }
  }
}
