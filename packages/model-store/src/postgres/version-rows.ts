import { ModelMetadataSchema, issuesToDetails, modelCorrupt, modelNotFound, versionNotFound } from '@tabula/contracts';
import type { ModelMetadata } from '@tabula/contracts';
import { notifyRegistryChange } from './registry-events.js';
import type { Queryable } from './registry-pool.js';

/** Where one artifact of a version is, and what its bytes must be. */
export interface ArtifactRow {
  file: string;
  key: string;
  bytes: number;
  sha256: string;
}

/** Takes the next version number of a model (creating its counter row) inside the caller's transaction. */
export async function allocateVersionNumber(client: Queryable, name: string): Promise<number> {
  await client.query('INSERT INTO models (name) VALUES ($1) ON CONFLICT (name) DO NOTHING', [name]);
  // The row lock taken here is held until the caller commits: a second writer of this model waits, then reads the
  // incremented counter. A rolled-back transaction gives its number back; a committed one never does.
  const { rows } = await client.query<{ version: number }>('UPDATE models SET next_version = next_version + 1 WHERE name = $1 RETURNING next_version - 1 AS version', [name]);
  return rows[0].version;
}

/** Inserts a version and its artifact rows (keys already written to the artifact store), with the job that made it. */
export async function insertVersion(client: Queryable, metadata: ModelMetadata, keys: Record<string, string>, jobId: string | null = null): Promise<void> {
  await client.query('INSERT INTO versions (model_name, version, status, metadata, job_id) VALUES ($1, $2, $3, $4, $5)', [
    metadata.model_name,
    metadata.version,
    metadata.status,
    JSON.stringify(metadata),
    jobId,
  ]);
  for (const [position, artifact] of metadata.artifacts.entries()) {
    await client.query(
      'INSERT INTO artifacts (model_name, version, position, file, key, bytes, sha256, dtype, shape) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)',
      [metadata.model_name, metadata.version, position, artifact.file, keys[artifact.file], artifact.bytes, artifact.sha256, artifact.dtype ?? null, artifact.shape ?? null],
    );
  }
  await notifyRegistryChange(client, { model_name: metadata.model_name, change: 'version-created', version: metadata.version, alias: null });
}

/** The version a training job stored, if it stored one (a retried job must not store a second). */
export async function findVersionOfJob(client: Queryable, jobId: string): Promise<ModelMetadata | undefined> {
  const { rows } = await client.query<{ model_name: string; version: number; metadata: unknown }>(
    'SELECT model_name, version, metadata FROM versions WHERE job_id = $1',
    [jobId],
  );
  return rows.length === 0 ? undefined : parseMetadataRow(rows[0].model_name, rows[0].version, rows[0].metadata);
}

/** A version's metadata as stored, zod-parsed; MODEL_CORRUPT when the row no longer matches the schema. */
export function parseMetadataRow(name: string, version: number, json: unknown): ModelMetadata {
  const parsed = ModelMetadataSchema.safeParse(json);
  if (!parsed.success) {
    throw modelCorrupt(name, version, 'its metadata row does not match the metadata schema', { cause: parsed.error, details: issuesToDetails(parsed.error.issues) });
  }
  if (parsed.data.model_name !== name || parsed.data.version !== version) {
    throw modelCorrupt(name, version, `its metadata row describes "${parsed.data.model_name}" version ${parsed.data.version}`);
  }
  return parsed.data;
}

/** The stored version numbers of a model with their status, ascending ([] for an unknown model). */
export async function listVersionStatuses(client: Queryable, name: string): Promise<{ version: number; status: string }[]> {
  const { rows } = await client.query<{ version: number; status: string }>('SELECT version, status FROM versions WHERE model_name = $1 ORDER BY version', [name]);
  return rows;
}

/** MODEL_NOT_FOUND when the model has no version at all, else VERSION_NOT_FOUND: what a miss on name@version is. */
export async function explainMissingVersion(client: Queryable, name: string, version: number): Promise<Error> {
  const { rows } = await client.query('SELECT 1 FROM versions WHERE model_name = $1 LIMIT 1', [name]);
  return rows.length === 0 ? modelNotFound(name) : versionNotFound(name, version);
}

/** One version's metadata; throws MODEL_NOT_FOUND or VERSION_NOT_FOUND when it is not stored. */
export async function readMetadataRow(client: Queryable, name: string, version: number): Promise<ModelMetadata> {
  const { rows } = await client.query<{ metadata: unknown }>('SELECT metadata FROM versions WHERE model_name = $1 AND version = $2', [name, version]);
  if (rows.length === 0) throw await explainMissingVersion(client, name, version);
  return parseMetadataRow(name, version, rows[0].metadata);
}

/** Where a version's artifacts are, in the order its metadata lists them. */
export async function readArtifactRows(client: Queryable, name: string, version: number): Promise<ArtifactRow[]> {
  const { rows } = await client.query<ArtifactRow & { bytes: string }>(
    'SELECT file, key, bytes, sha256 FROM artifacts WHERE model_name = $1 AND version = $2 ORDER BY position',
    [name, version],
  );
  // bigint comes back as a string from the driver.
  return rows.map((row) => ({ ...row, bytes: Number(row.bytes) }));
}
