import { mkdirSync } from 'node:fs';
import { readdir } from 'node:fs/promises';
import { isTabulaError, modelNotFound, versionNotFound } from '@tabula/contracts';
import type { ModelMetadata, ModelMetadataDraft, ModelSummary, TabulaError, VersionRef } from '@tabula/contracts';
import { checkReadable, checkWritable, type AccessCheck } from './check-access.js';
import { errnoCode } from './durable-fs.js';
import { isModelName, parseModelName, parseVersion, parseVersionRef } from './parse-names.js';
import { readVersionArtifacts, readVersionMetadata } from './read-version.js';
import { DEFAULT_STALE_TEMP_AGE_MS, removeStaleTemp } from './remove-stale-temp.js';
import { StorePaths } from './store-paths.js';
import { listVersionNumbers } from './version-numbers.js';
import { writeVersion } from './write-version.js';

export interface ModelStore {
  /** The absolute models directory. */
  readonly root: string;
  /** Stores a new immutable version (temp dir, fsync, rename to the next free number) and returns its metadata. */
  createVersion(draft: ModelMetadataDraft, files: Record<string, Uint8Array>): Promise<ModelMetadata>;
  /** Models with at least one readable version, sorted by name. */
  listModels(): Promise<ModelSummary[]>;
  /** Readable versions, ascending; corrupt ones are skipped (and passed to onCorrupt). Throws modelNotFound. */
  listVersions(name: string): Promise<ModelMetadata[]>;
  /** 'latest' → the highest version number, in one readdir. Throws modelNotFound / versionNotFound. */
  resolveVersion(name: string, ref: VersionRef): Promise<number>;
  readMetadata(name: string, version: number): Promise<ModelMetadata>;
  /** Every artifact of a version, checked against the size and sha256 in its metadata. */
  readArtifacts(name: string, version: number): Promise<Record<string, Uint8Array>>;
  /** Removes temp dirs older than maxAgeMs (default one hour) left by crashed writers; returns the count. */
  removeStaleTemp(maxAgeMs?: number): Promise<number>;
  checkWritable(): Promise<AccessCheck>;
  checkReadable(): Promise<AccessCheck>;
}

export interface ModelStoreOptions {
  /** Called for each version a listing skips as corrupt, so that the service can log it. */
  onCorrupt?: (error: TabulaError) => void;
}

// Bounds open files when a listing reads many metadata.json files at once.
const METADATA_READ_BATCH = 16;

/** Opens the models directory at root, creating it if missing. */
export function openModelStore(root: string, options: ModelStoreOptions = {}): ModelStore {
  const paths = new StorePaths(root);
  try {
    mkdirSync(paths.root, { recursive: true });
  } catch {
    // A missing or read-only volume must not stop a service from starting: checkReadable and
    // checkWritable report it on /ready, and each call fails with the fs error.
  }

  async function readListableVersions(name: string, versions: number[]): Promise<ModelMetadata[]> {
    const readable: ModelMetadata[] = [];
    for (let start = 0; start < versions.length; start += METADATA_READ_BATCH) {
      const batch = versions.slice(start, start + METADATA_READ_BATCH);
      const results = await Promise.all(batch.map((version) => readOrSkip(name, version)));
      for (const metadata of results) if (metadata !== undefined) readable.push(metadata);
    }
    return readable;
  }

  async function readOrSkip(name: string, version: number): Promise<ModelMetadata | undefined> {
    try {
      return await readVersionMetadata(paths, name, version);
    } catch (error) {
      if (!isTabulaError(error)) throw error;
      if (error.code === 'MODEL_CORRUPT') {
        options.onCorrupt?.(error);
        return undefined;
      }
      // A version removed by hand between the readdir and the read is simply gone.
      if (error.code === 'VERSION_NOT_FOUND' || error.code === 'MODEL_NOT_FOUND') return undefined;
      throw error;
    }
  }

  return {
    root: paths.root,

    createVersion: (draft, files) => writeVersion(paths, draft, files),

    async listModels() {
      let entries: string[];
      try {
        entries = await readdir(paths.root);
      } catch (error) {
        if (errnoCode(error) === 'ENOENT') return [];
        throw error;
      }
      const summaries: ModelSummary[] = [];
      for (const name of entries.filter(isModelName).sort()) {
        const versions = await readListableVersions(name, await listVersionNumbers(paths.modelDir(name)));
        const latest = versions.at(-1);
        if (latest === undefined) continue;
        summaries.push({
          model_name: name,
          latest_version: latest.version,
          n_versions: versions.length,
          model_type: latest.model_type,
          updated_at: latest.created_at,
        });
      }
      return summaries;
    },

    async listVersions(name) {
      const modelName = parseModelName(name);
      const versions = await listVersionNumbers(paths.modelDir(modelName));
      if (versions.length === 0) throw modelNotFound(modelName);
      return readListableVersions(modelName, versions);
    },

    async resolveVersion(name, ref) {
      const modelName = parseModelName(name);
      const wanted = parseVersionRef(ref);
      const versions = await listVersionNumbers(paths.modelDir(modelName));
      const latest = versions.at(-1);
      if (latest === undefined) throw modelNotFound(modelName);
      if (wanted === 'latest') return latest;
      if (!versions.includes(wanted)) throw versionNotFound(modelName, wanted);
      return wanted;
    },

    // async, so that invalid input rejects the promise instead of throwing synchronously.
    readMetadata: async (name, version) => readVersionMetadata(paths, parseModelName(name), parseVersion(version)),

    readArtifacts: async (name, version) => readVersionArtifacts(paths, parseModelName(name), parseVersion(version)),

    removeStaleTemp: (maxAgeMs = DEFAULT_STALE_TEMP_AGE_MS) => removeStaleTemp(paths.tempRoot, maxAgeMs, Date.now()),

    checkWritable: () => checkWritable(paths),

    checkReadable: () => checkReadable(paths),
  };
}
