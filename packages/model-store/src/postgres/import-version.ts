import { createHash } from 'node:crypto';
import { isDeepStrictEqual } from 'node:util';
import { ModelMetadataSchema, invalidInput, issuesToDetails, isTabulaError, versionImportConflict } from '@tabula/contracts';
import type { ModelMetadata } from '@tabula/contracts';
import { parseModelName } from '../parse-names.js';
import type { Queryable, RegistryPool } from './registry-pool.js';
import { insertVersion, parseMetadataRow } from './version-rows.js';

/**
 * What importVersion did: stored the version under its number; found the same version already there (same
 * metadata, same checksums), as a rerun of a migration does; or left it out because the cluster handed out that
 * number before (its version was deleted there, or an earlier run reserved it), since a number is never reused.
 */
export type ImportOutcome = 'imported' | 'already-there' | 'number-retired';

/** The PostgreSQL store's import path: versions that keep the numbers they had elsewhere (the folder store). */
export interface VersionImporter {
  /**
   * Stores `metadata` (with its own version number, created_at, status …) and `files`, whose sizes and sha256 must
   * be those the metadata records. Artifacts go to fresh keys before the row commits, as createVersion does, and
   * the model's next_version moves past the number. Throws CONFLICT when the number holds other content.
   */
  importVersion(metadata: ModelMetadata, files: Record<string, Uint8Array>): Promise<ImportOutcome>;
  /** Moves a model's next_version to at least `nextVersion` (creating the model's row): numbers below are never handed out. */
  reserveVersionNumbers(name: string, nextVersion: number): Promise<void>;
}

export interface ImporterDeps {
  pool: RegistryPool;
  /** The store's own write path: artifacts under <name>/<uuid>/<file>, removed again if any put fails. */
  putArtifacts(name: string, files: Record<string, Uint8Array>): Promise<Record<string, string>>;
  /** Deletes keys once the database confirms that no row names them. */
  deleteUnreferenced(keys: string[]): Promise<void>;
}

export function createVersionImporter({ pool, putArtifacts, deleteUnreferenced }: ImporterDeps): VersionImporter {
  return {
    async importVersion(metadata, files) {
      const checked = checkImport(metadata, files);
      const name = checked.model_name;
      // Looked at first without writing anything, so a rerun costs no artifact puts.
      const early = await classify(pool, checked, false);
      if (early !== 'imported') return early;
      const keys = await putArtifacts(name, files);
      let outcome: ImportOutcome;
      try {
        outcome = await pool.transaction(async (client) => {
          await client.query('INSERT INTO models (name) VALUES ($1) ON CONFLICT (name) DO NOTHING', [name]);
          // Checked again under the model's row lock: a trainer allocating numbers waits for this commit.
          const found = await classify(client, checked, true);
          if (found !== 'imported') return found;
          await insertVersion(client, checked, keys);
          await client.query('UPDATE models SET next_version = GREATEST(next_version, $2) WHERE name = $1', [name, checked.version + 1]);
          return found;
        });
      } catch (error) {
        await deleteUnreferenced(Object.values(keys));
        throw error;
      }
      if (outcome !== 'imported') await deleteUnreferenced(Object.values(keys));
      return outcome;
    },

    async reserveVersionNumbers(name, nextVersion) {
      const modelName = parseModelName(name);
      await pool.query(
        'INSERT INTO models (name, next_version) VALUES ($1, $2) ON CONFLICT (name) DO UPDATE SET next_version = GREATEST(models.next_version, EXCLUDED.next_version)',
        [modelName, nextVersion],
      );
    },
  };
}

/** The metadata, zod-parsed, after checking that each file is the one it records (size and sha256). */
function checkImport(metadata: ModelMetadata, files: Record<string, Uint8Array>): ModelMetadata {
  const parsed = ModelMetadataSchema.safeParse(metadata);
  if (!parsed.success) {
    throw invalidInput('The metadata of the version to import does not match the metadata schema.', { details: issuesToDetails(parsed.error.issues) });
  }
  const checked = { ...parsed.data, model_name: parseModelName(parsed.data.model_name) };
  const listed = checked.artifacts.map((artifact) => artifact.file).sort();
  if (!isDeepStrictEqual(listed, Object.keys(files).sort())) {
    throw invalidInput(`Version ${checked.version} of model "${checked.model_name}" lists the artifacts ${listed.join(', ')} but ${Object.keys(files).sort().join(', ')} were given.`);
  }
  for (const artifact of checked.artifacts) {
    const bytes = files[artifact.file];
    if (bytes.byteLength !== artifact.bytes || createHash('sha256').update(bytes).digest('hex') !== artifact.sha256) {
      throw invalidInput(`Artifact "${artifact.file}" of version ${checked.version} of model "${checked.model_name}" does not match the size and sha256 its metadata records.`);
    }
  }
  return checked;
}

/**
 * What importing `metadata` would do now: 'imported' means the number is free. With `lock`, the model's row is
 * locked (FOR UPDATE) until the caller's transaction ends.
 */
async function classify(client: Queryable, metadata: ModelMetadata, lock: boolean): Promise<ImportOutcome> {
  const { model_name: name, version } = metadata;
  const model = await client.query<{ next_version: number }>(`SELECT next_version FROM models WHERE name = $1${lock ? ' FOR UPDATE' : ''}`, [name]);
  const existing = await client.query<{ metadata: unknown }>('SELECT metadata FROM versions WHERE model_name = $1 AND version = $2', [name, version]);
  if (existing.rows.length === 1) {
    compareStored(name, version, existing.rows[0].metadata, metadata);
    return 'already-there';
  }
  const nextVersion = model.rows[0]?.next_version ?? 1;
  return version < nextVersion ? 'number-retired' : 'imported';
}

/** Returns when the stored row is this very version; else throws CONFLICT naming what differs. */
function compareStored(name: string, version: number, row: unknown, metadata: ModelMetadata): void {
  let stored: ModelMetadata;
  try {
    stored = parseMetadataRow(name, version, row);
  } catch (error) {
    if (!isTabulaError(error)) throw error;
    throw versionImportConflict(name, version, 'a metadata row that no longer parses, and so other metadata');
  }
  // Through JSON, as the row stores it: key order and absent optional keys do not count as differences.
  const [left, right] = [plain(stored), plain(metadata)];
  if (!isDeepStrictEqual(left.artifacts, right.artifacts)) throw versionImportConflict(name, version, 'other artifacts (checksums)');
  if (!isDeepStrictEqual(left, right)) throw versionImportConflict(name, version, 'other metadata');
}

const plain = (metadata: ModelMetadata): ModelMetadata => JSON.parse(JSON.stringify(metadata)) as ModelMetadata;
