import { mkdirSync } from 'node:fs';
import { readdir } from 'node:fs/promises';
import { isTabulaError, modelNotFound } from '@tabula/contracts';
import type {
  AliasChange,
  Aliases,
  ArraySpec,
  ModelMetadata,
  ModelMetadataDraft,
  ModelSummary,
  MonitoringKind,
  MonitoringReport,
  TabulaError,
  VersionRef,
} from '@tabula/contracts';
import { deleteAlias, readAliases, setAlias } from './aliases.js';
import { checkReadable, checkWritable, type AccessCheck } from './check-access.js';
import { deleteVersion } from './delete-version.js';
import { errnoCode } from './durable-fs.js';
import { encodeModelExport } from './model-export.js';
import { readMonitoringReports, writeMonitoringReport } from './monitoring-reports.js';
import { isModelName, parseAliasName, parseModelName, parseVersion, parseVersionRef } from './parse-names.js';
import { readMetadataOrSkip, readVersion, readVersionMetadata } from './read-version.js';
import { removeOrphanedScratch, type SweepOptions } from './scratch-dirs.js';
import { createVersionResolver } from './resolve-version.js';
import { StorePaths } from './store-paths.js';
import { listVersionNumbers } from './version-numbers.js';
import { isRealPath } from './no-links.js';
import { writeVersion } from './write-version.js';

export interface ModelStore {
  /** The absolute models directory (for the PostgreSQL registry: its artifact store's description, file:// or s3://). */
  readonly root: string;
  /**
   * Stores a new immutable version (temp dir, fsync, rename to the next unused number) and returns its
   * metadata. `arrays` gives the dtype and shape of each raw array file (model files format 2), which
   * metadata.json records beside its size and sha256. With `options.jobId` (cluster mode's retried trainings), a
   * version that job already stored is returned instead of a second one; the folder store has no retries and ignores it.
   */
  createVersion(
    draft: ModelMetadataDraft,
    files: Record<string, Uint8Array>,
    arrays?: Record<string, ArraySpec>,
    options?: CreateVersionOptions,
  ): Promise<ModelMetadata>;
  /** Models with at least one readable version, sorted by name. */
  listModels(): Promise<ModelSummary[]>;
  /** Readable versions, ascending; corrupt ones are skipped (and passed to onCorrupt). Throws modelNotFound. */
  listVersions(name: string): Promise<ModelMetadata[]>;
  /**
   * A version number for a reference: a number as is, "latest" → the newest non-rejected version,
   * an alias → its version, undefined → the "production" alias if set, else "latest". Throws
   * MODEL_NOT_FOUND, VERSION_NOT_FOUND, ALIAS_NOT_FOUND or NO_SERVABLE_VERSION.
   */
  resolveVersion(name: string, ref?: VersionRef): Promise<number>;
  readMetadata(name: string, version: number): Promise<ModelMetadata>;
  /**
   * Every artifact of a version, checked against the size (for a raw array: dtype × shape) and sha256
   * in its metadata, each in its own ArrayBuffer so that typed arrays view it in place.
   */
  readArtifacts(name: string, version: number): Promise<Record<string, Uint8Array>>;
  /** A version as one export file, in parts to be written in order (see encodeModelExport). */
  exportVersion(name: string, version: number): Promise<{ metadata: ModelMetadata; parts: Uint8Array[] }>;
  /** Alias → version ({} when none are set). */
  readAliases(name: string): Promise<Aliases>;
  /** Points an alias at a stored version. Registry changes of one model run one at a time. */
  setAlias(name: string, alias: string, version: number): Promise<AliasChange>;
  deleteAlias(name: string, alias: string): Promise<AliasChange>;
  /** Deletes a version no alias points to (else CONFLICT); its number is never used again. */
  deleteVersion(name: string, version: number): Promise<void>;
  /** At start-up: removes what crashed writers left in the temp dir (see removeOrphanedScratch); returns the count. */
  removeOrphanedTemp(options?: SweepOptions): Promise<number>;
  /** Stores a monitoring report under <name>/monitoring/<kind>/ (atomically; the newest MONITORING_REPORTS_KEPT are kept). */
  writeMonitoringReport(report: MonitoringReport): Promise<void>;
  /** A version's newest monitoring reports of one kind, newest first ([] when none). */
  readMonitoringReports(name: string, version: number, kind: MonitoringKind, limit: number): Promise<MonitoringReport[]>;
  checkWritable(): Promise<AccessCheck>;
  checkReadable(): Promise<AccessCheck>;
  /**
   * Whether a version's directory is still there, by lstat alone (no listing): for a reader that
   * pinned name@version earlier and holds a copy of it, since a delete first renames the directory away.
   */
  hasVersion(name: string, version: number): Promise<boolean>;
}

export interface CreateVersionOptions {
  /** The training job storing the version: at most one version per job id is ever stored. */
  jobId?: string;
}

export interface ModelStoreOptions {
  /** Called for each version a listing or a resolution skips as corrupt, so that the service can log it. */
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
      const results = await Promise.all(batch.map((version) => readMetadataOrSkip(paths, name, version, options.onCorrupt)));
      for (const metadata of results) if (metadata !== undefined) readable.push(metadata);
    }
    return readable;
  }

  /** A model's versions for a listing of all models: one that cannot be read (a link) is skipped and reported. */
  async function listVersionNumbersOrSkip(name: string): Promise<number[]> {
    try {
      return await listVersionNumbers(paths, name);
    } catch (error) {
      if (!isTabulaError(error) || error.code !== 'MODEL_CORRUPT') throw error;
      options.onCorrupt?.(error);
      return [];
    }
  }

  const resolve = createVersionResolver(paths, options.onCorrupt);

  return {
    root: paths.root,

    createVersion: (draft, files, arrays) => writeVersion(paths, draft, files, arrays),

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
        const versions = await readListableVersions(name, await listVersionNumbersOrSkip(name));
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
      const versions = await listVersionNumbers(paths, modelName);
      if (versions.length === 0) throw modelNotFound(modelName);
      return readListableVersions(modelName, versions);
    },

    // async, so that invalid input rejects the promise instead of throwing synchronously.
    resolveVersion: async (name, ref) => resolve(parseModelName(name), ref === undefined ? undefined : parseVersionRef(ref)),

    readMetadata: async (name, version) => readVersionMetadata(paths, parseModelName(name), parseVersion(version)),

    readArtifacts: async (name, version) => (await readVersion(paths, parseModelName(name), parseVersion(version))).files,

    async exportVersion(name, version) {
      const { metadata, files } = await readVersion(paths, parseModelName(name), parseVersion(version));
      return { metadata, parts: encodeModelExport(metadata, files, new Date()) };
    },

    readAliases: async (name) => readAliases(paths, parseModelName(name)),

    setAlias: async (name, alias, version) => setAlias(paths, parseModelName(name), parseAliasName(alias), parseVersion(version)),

    deleteAlias: async (name, alias) => deleteAlias(paths, parseModelName(name), parseAliasName(alias)),

    deleteVersion: async (name, version) => deleteVersion(paths, parseModelName(name), parseVersion(version)),

    async removeOrphanedTemp(options) {
      // A .tmp that is a link is refused (isRealPath throws) rather than swept: the sweep would delete outside.
      await isRealPath(paths, paths.tempRoot);
      return removeOrphanedScratch(paths.tempRoot, options);
    },

    writeMonitoringReport: (report) => writeMonitoringReport(paths, report),

    readMonitoringReports: async (name, version, kind, limit) => readMonitoringReports(paths, parseModelName(name), parseVersion(version), kind, limit),

    checkWritable: () => checkWritable(paths),

    checkReadable: () => checkReadable(paths),

    hasVersion: async (name, version) => isRealPath(paths, paths.versionDir(parseModelName(name), parseVersion(version))),
  };
}
