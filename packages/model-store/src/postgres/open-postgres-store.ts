import { createHash, randomUUID } from 'node:crypto';
import { isTabulaError, modelCorrupt, modelNotFound, versionHasAliases } from '@tabula/contracts';
import type { ModelMetadata, ModelSummary, TabulaError } from '@tabula/contracts';
import type { AccessCheck } from '../check-access.js';
import type { ArtifactStore } from '../artifacts/artifact-store.js';
import { encodeModelExport } from '../model-export.js';
import type { ModelStore, ModelStoreOptions } from '../open-model-store.js';
import { parseAliasName, parseModelName, parseVersion, parseVersionRef } from '../parse-names.js';
import { checkDraft } from '../write-version.js';
import { createVersionImporter, type VersionImporter } from './import-version.js';
import { withModelLock } from '../model-lock.js';
import { readAliasRows, removeAlias, resolveVersionRow, upsertAlias } from './alias-rows.js';
import { parseDatabaseUrl } from '@tabula/contracts';
import { insertMonitoringReport, selectMonitoringReports } from './monitoring-rows.js';
import { notifyRegistryChange } from './registry-events.js';
import { RegistryPool } from './registry-pool.js';
import { ResolutionCache, type RegistryChangeListener } from './resolution-cache.js';
import { runMigrations } from './run-migrations.js';
import { allocateVersionNumber, explainMissingVersion, findVersionOfJob, insertVersion, parseMetadataRow, readArtifactRows, readMetadataRow, type ArtifactRow } from './version-rows.js';

export interface PostgresStoreOptions extends ModelStoreOptions {
  /** DATABASE_URL: postgres://user:password@host:port/database. */
  databaseUrl: string;
  /** Where artifact bytes go (ARTIFACTS_URI); the database records each key with its size and sha256. */
  artifacts: ArtifactStore;
  /** Connections in the pool at most (default 10); a worker thread's handle needs a couple. */
  poolMax?: number;
  /** false: the schema is known to be current (another handle of this process migrated it at start). Default true. */
  migrate?: boolean;
  /** Called with each statement the pool runs outside a transaction (tests count queries through it). */
  onQuery?: (sql: string) => void;
}

/** A ModelStore whose registry is PostgreSQL; close() ends its connection pool and its LISTEN connection. */
export type PostgresModelStore = ModelStore & VersionImporter & {
  close(): Promise<void>;
  /** Whether the artifact store answers (for /ready, beside checkReadable's database check). */
  checkArtifactStore(): Promise<AccessCheck>;
  /**
   * Calls listener with each registry change committed by any replica, as this handle hears it (LISTEN/NOTIFY);
   * returns the unsubscribe function. Changes committed while LISTEN was down are not replayed.
   */
  onRegistryChange(listener: RegistryChangeListener): () => void;
};

/**
 * Opens the cluster-mode registry: applies missing migrations (under an advisory lock, so replicas may start
 * together), then answers every ModelStore call from the database, with artifact bytes in `artifacts`. Throws
 * REGISTRY_UNAVAILABLE (503, naming host:port) when the database cannot be reached or refuses the credentials.
 *
 * Writes: artifacts go to fresh keys (<name>/<uuid>/<file>) before the version row commits, and are deleted if it
 * does not; a delete removes the row first (refused while an alias points at it) and the artifacts after. The
 * database is the source of truth, so an artifact never referenced by a row is only wasted space.
 */
export async function openPostgresStore(options: PostgresStoreOptions): Promise<PostgresModelStore> {
  const target = parseDatabaseUrl(options.databaseUrl);
  const pool = new RegistryPool(target, { max: options.poolMax, onQuery: options.onQuery });
  const { artifacts, onCorrupt } = options;
  // resolveVersion and hasVersion answer from here while LISTEN is in force (see ResolutionCache).
  const resolutions = new ResolutionCache(target);
  try {
    if (options.migrate !== false) await runMigrations(pool);
    await resolutions.start().catch((error: unknown) => Promise.reject(pool.explain(error)));
  } catch (error) {
    await resolutions.close();
    await pool.end();
    throw error;
  }
  /** A write's own handle drops its answers for the model at once, not when its notification comes back. */
  const dropAfter = <T>(name: string, write: Promise<T>): Promise<T> => write.finally(() => resolutions.dropModel(name));
  // In-process ordering of one model's registry changes, as the folder store has it (a delete called before a
  // setAlias wins); across processes the row locks decide.
  const lockKey = (name: string) => `postgres://${target.hostPort}/${name}`;

  async function putArtifacts(name: string, files: Record<string, Uint8Array>): Promise<Record<string, string>> {
    const prefix = `${name}/${randomUUID()}`;
    const keys: Record<string, string> = {};
    try {
      for (const [file, bytes] of Object.entries(files)) {
        keys[file] = `${prefix}/${file}`;
        await artifacts.put(keys[file], bytes);
      }
    } catch (error) {
      await deleteArtifacts(Object.values(keys));
      throw error;
    }
    return keys;
  }

  async function deleteArtifacts(keys: string[]): Promise<void> {
    // Best effort: a key left behind is unreferenced space, never a visible version.
    await Promise.all(keys.map((key) => artifacts.delete(key).catch(() => undefined)));
  }

  /**
   * After a failed commit: deletes the keys only once the database confirms no row names them. A connection lost
   * during COMMIT leaves it unknown whether the version committed, and deleting then could leave a visible version
   * without its bytes; keeping them costs only space.
   */
  async function deleteUnreferenced(keys: string[]): Promise<void> {
    try {
      const { rows } = await pool.query('SELECT 1 FROM artifacts WHERE key = ANY($1) LIMIT 1', [keys]);
      if (rows.length === 0) await deleteArtifacts(keys);
    } catch {
      // The database cannot say: keep the bytes.
    }
  }

  async function readArtifact(name: string, version: number, row: ArtifactRow): Promise<Uint8Array> {
    let bytes: Uint8Array;
    try {
      bytes = await artifacts.get(row.key);
    } catch (error) {
      if (!isTabulaError(error) || error.code !== 'MODEL_CORRUPT') throw error;
      // Deleted while this read was under way: gone, not corrupt.
      if (!(await hasVersion(name, version))) throw await explainMissingVersion(pool, name, version);
      throw modelCorrupt(name, version, `artifact "${row.file}" is missing from the artifact store`, { cause: error });
    }
    if (bytes.byteLength !== row.bytes) throw modelCorrupt(name, version, `artifact "${row.file}" has ${bytes.byteLength} bytes where the registry records ${row.bytes}`);
    if (createHash('sha256').update(bytes).digest('hex') !== row.sha256) throw modelCorrupt(name, version, `artifact "${row.file}" does not match its recorded sha256`);
    return bytes;
  }

  async function readVersion(name: string, version: number): Promise<{ metadata: ModelMetadata; files: Record<string, Uint8Array> }> {
    const metadata = await readMetadataRow(pool, name, version);
    const rows = await readArtifactRows(pool, name, version);
    const files = await Promise.all(rows.map(async (row) => [row.file, await readArtifact(name, version, row)] as const));
    return { metadata, files: Object.fromEntries(files) };
  }

  /** Parses metadata rows for a listing: a corrupt one is reported and skipped, as the folder store skips it. */
  function parseListable(rows: { model_name: string; version: number; metadata: unknown }[]): ModelMetadata[] {
    return rows.flatMap((row) => {
      try {
        return [parseMetadataRow(row.model_name, row.version, row.metadata)];
      } catch (error) {
        if (!isTabulaError(error)) throw error;
        onCorrupt?.(error as TabulaError);
        return [];
      }
    });
  }

  async function hasVersion(name: string, version: number): Promise<boolean> {
    const { rows } = await pool.query('SELECT 1 FROM versions WHERE model_name = $1 AND version = $2', [name, version]);
    return rows.length === 1;
  }

  async function checkDatabase(): Promise<AccessCheck> {
    try {
      await pool.query('SELECT 1 FROM schema_migrations LIMIT 1');
      return { ok: true };
    } catch (error) {
      return { ok: false, message: isTabulaError(error) ? error.message : 'The model registry database answered with an unexpected error.' };
    }
  }

  return {
    root: artifacts.description,

    // The migration's import path (see import-version.ts): versions that keep the numbers they had in a folder store.
    ...createVersionImporter({ pool, putArtifacts, deleteUnreferenced }),

    async createVersion(draft, files, arrays, { jobId } = {}) {
      const unversioned = checkDraft(draft, files, arrays);
      const name = unversioned.model_name;
      // A retried job whose earlier attempt committed (its trainer died before recording it) gets that version.
      const earlier = jobId === undefined ? undefined : await findVersionOfJob(pool, jobId);
      if (earlier) return earlier;
      const keys = await putArtifacts(name, files);
      try {
        return await dropAfter(name, pool.transaction(async (client) => {
          const metadata: ModelMetadata = { ...unversioned, version: await allocateVersionNumber(client, name) };
          await insertVersion(client, metadata, keys, jobId);
          return metadata;
        }));
      } catch (error) {
        await deleteUnreferenced(Object.values(keys));
        // Two attempts of one job racing (a lease handed over from a trainer that was slow, not dead): the
        // unique job_id lets one commit; the other returns what it stored.
        const stored = jobId !== undefined && isUniqueViolation(error) ? await findVersionOfJob(pool, jobId) : undefined;
        if (stored) return stored;
        throw error;
      }
    },

    async listModels() {
      const { rows } = await pool.query<{ model_name: string; version: number; metadata: unknown }>(
        'SELECT model_name, version, metadata FROM versions ORDER BY model_name, version',
      );
      const summaries: ModelSummary[] = [];
      for (const metadata of parseListable(rows)) {
        const last = summaries.at(-1);
        const summary = { model_name: metadata.model_name, latest_version: metadata.version, model_type: metadata.model_type, updated_at: metadata.created_at };
        if (last?.model_name === metadata.model_name) Object.assign(last, summary, { n_versions: last.n_versions + 1 });
        else summaries.push({ ...summary, n_versions: 1 });
      }
      return summaries;
    },

    async listVersions(name) {
      const modelName = parseModelName(name);
      const { rows } = await pool.query<{ model_name: string; version: number; metadata: unknown }>(
        'SELECT model_name, version, metadata FROM versions WHERE model_name = $1 ORDER BY version',
        [modelName],
      );
      if (rows.length === 0) throw modelNotFound(modelName);
      return parseListable(rows);
    },

    async resolveVersion(name, ref) {
      const [modelName, versionRef] = [parseModelName(name), ref === undefined ? undefined : parseVersionRef(ref)];
      return resolutions.answer(modelName, `ref:${typeof versionRef}:${versionRef ?? ''}`, () => resolveVersionRow(pool, modelName, versionRef));
    },

    readMetadata: async (name, version) => readMetadataRow(pool, parseModelName(name), parseVersion(version)),

    readArtifacts: async (name, version) => (await readVersion(parseModelName(name), parseVersion(version))).files,

    async exportVersion(name, version) {
      const { metadata, files } = await readVersion(parseModelName(name), parseVersion(version));
      return { metadata, parts: encodeModelExport(metadata, files, new Date()) };
    },

    readAliases: async (name) => readAliasRows(pool, parseModelName(name)),

    async setAlias(name, alias, version) {
      const [modelName, aliasName, number] = [parseModelName(name), parseAliasName(alias), parseVersion(version)];
      return dropAfter(modelName, withModelLock(lockKey(modelName), () => pool.transaction((client) => upsertAlias(client, modelName, aliasName, number))));
    },

    async deleteAlias(name, alias) {
      const [modelName, aliasName] = [parseModelName(name), parseAliasName(alias)];
      return dropAfter(modelName, withModelLock(lockKey(modelName), () => pool.transaction((client) => removeAlias(client, modelName, aliasName))));
    },

    async deleteVersion(name, version) {
      const [modelName, number] = [parseModelName(name), parseVersion(version)];
      const keys = await dropAfter(modelName, withModelLock(lockKey(modelName), () =>
        pool.transaction(async (client) => {
          // FOR UPDATE waits for any transaction setting an alias on this version, so the check below sees its alias.
          const locked = await client.query('SELECT 1 FROM versions WHERE model_name = $1 AND version = $2 FOR UPDATE', [modelName, number]);
          if (locked.rows.length === 0) throw await explainMissingVersion(client, modelName, number);
          const { rows } = await client.query<{ alias: string }>('SELECT alias FROM aliases WHERE model_name = $1 AND version = $2 ORDER BY alias', [modelName, number]);
          if (rows.length > 0) throw versionHasAliases(modelName, number, rows.map((row) => row.alias));
          const keyRows = await readArtifactRows(client, modelName, number);
          await client.query('DELETE FROM versions WHERE model_name = $1 AND version = $2', [modelName, number]);
          await notifyRegistryChange(client, { model_name: modelName, change: 'version-deleted', version: number, alias: null });
          return keyRows.map((row) => row.key);
        }),
      ));
      // Only once the row is gone: a reader never finds a version row whose bytes were deleted first.
      await deleteArtifacts(keys);
    },

    // Nothing to sweep: keys of writers that died before their commit are unreferenced, and the registry never lists
    // the artifact store to find them (issue 14: correctness never depends on listing).
    removeOrphanedTemp: async () => 0,

    writeMonitoringReport: (report) => insertMonitoringReport(pool, report),

    readMonitoringReports: async (name, version, kind, limit) => selectMonitoringReports(pool, parseModelName(name), parseVersion(version), kind, limit),

    async checkWritable() {
      const database = await checkDatabase();
      return database.ok ? artifacts.check() : database;
    },

    checkReadable: checkDatabase,

    async hasVersion(name, version) {
      const [modelName, number] = [parseModelName(name), parseVersion(version)];
      return resolutions.answer(modelName, `has:${number}`, () => hasVersion(modelName, number));
    },

    checkArtifactStore: () => artifacts.check(),

    onRegistryChange: (listener) => resolutions.onChange(listener),

    async close() {
      await resolutions.close();
      await pool.end();
    },
  };
}

/** PostgreSQL's unique_violation (23505): here, a second version for one job id. */
const isUniqueViolation = (error: unknown): boolean => typeof error === 'object' && error !== null && 'code' in error && error.code === '23505';
