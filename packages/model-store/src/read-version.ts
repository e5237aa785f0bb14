import { createHash } from 'node:crypto';
import { lstat } from 'node:fs/promises';
import { join } from 'node:path';
import { ModelMetadataSchema, isTabulaError, issuesToDetails, modelCorrupt, modelNotFound, versionNotFound, parseJsonBounded } from '@tabula/contracts';
import type { Artifact, ModelMetadata, TabulaError } from '@tabula/contracts';
import { errnoCode, isTransientFsError } from './durable-fs.js';
import { isRealPath, readFileNoFollow } from './no-links.js';
import { METADATA_FILE, type StorePaths } from './store-paths.js';
import { listVersionNumbers } from './version-numbers.js';

/** Reads and zod-parses one version's metadata.json; the version must describe itself. */
export async function readVersionMetadata(paths: StorePaths, name: string, version: number): Promise<ModelMetadata> {
  const dir = paths.versionDir(name, version);
  let text: string;
  try {
    // Refuses a linked model or version dir; a missing one shows up as ENOENT on the read.
    await isRealPath(paths, dir);
    text = (await readFileNoFollow(paths, join(dir, METADATA_FILE))).toString('utf8');
  } catch (error) {
    if (isTabulaError(error)) throw error;
    throw await explainUnreadableMetadata(paths, name, version, error);
  }
  let json: unknown;
  try {
    json = parseJsonBounded(text);
  } catch (error) {
    throw modelCorrupt(name, version, `${METADATA_FILE} is not valid JSON`, { cause: error });
  }
  const parsed = ModelMetadataSchema.safeParse(json);
  if (!parsed.success) {
    throw modelCorrupt(name, version, `${METADATA_FILE} does not match the metadata schema`, {
      cause: parsed.error,
      details: issuesToDetails(parsed.error.issues),
    });
  }
  const metadata = parsed.data;
  // A directory copied or renamed by hand would otherwise serve another model under this name.
  if (metadata.model_name !== name || metadata.version !== version) {
    throw modelCorrupt(name, version, `${METADATA_FILE} describes "${metadata.model_name}" version ${metadata.version}`);
  }
  return metadata;
}

async function explainUnreadableMetadata(paths: StorePaths, name: string, version: number, error: unknown): Promise<unknown> {
  if (isTransientFsError(error)) return error;
  if (errnoCode(error) !== 'ENOENT') return modelCorrupt(name, version, `${METADATA_FILE} cannot be read`, { cause: error });
  if (await exists(paths.versionDir(name, version))) return modelCorrupt(name, version, `${METADATA_FILE} is missing`, { cause: error });
  const versions = await listVersionNumbers(paths, name);
  return versions.length === 0 ? modelNotFound(name) : versionNotFound(name, version);
}

async function exists(path: string): Promise<boolean> {
  try {
    await lstat(path);
    return true;
  } catch (error) {
    if (errnoCode(error) === 'ENOENT') return false;
    throw error;
  }
}

/**
 * Reads a version's metadata, or undefined when the version cannot be used: corrupt (reported to
 * onCorrupt, so that a service can log it) or removed since the caller listed it.
 */
export async function readMetadataOrSkip(
  paths: StorePaths,
  name: string,
  version: number,
  onCorrupt?: (error: TabulaError) => void,
): Promise<ModelMetadata | undefined> {
  try {
    return await readVersionMetadata(paths, name, version);
  } catch (error) {
    if (!isTabulaError(error)) throw error;
    if (error.code === 'MODEL_CORRUPT') {
      onCorrupt?.(error);
      return undefined;
    }
    if (error.code === 'VERSION_NOT_FOUND' || error.code === 'MODEL_NOT_FOUND') return undefined;
    throw error;
  }
}

/**
 * Reads metadata.json and every artifact it lists, checking each one's size and sha256. Each file
 * is a Uint8Array at offset 0 of its own ArrayBuffer, so typed-array views of any element size fit.
 */
export async function readVersion(
  paths: StorePaths,
  name: string,
  version: number,
): Promise<{ metadata: ModelMetadata; files: Record<string, Uint8Array> }> {
  const metadata = await readVersionMetadata(paths, name, version);
  const entries = await Promise.all(
    metadata.artifacts.map(async (artifact) => [artifact.file, await readArtifact(paths, name, version, artifact)] as const),
  );
  return { metadata, files: Object.fromEntries(entries) };
}

async function readArtifact(paths: StorePaths, name: string, version: number, artifact: Artifact): Promise<Uint8Array> {
  let bytes: Buffer;
  try {
    // Its directories were checked by readVersionMetadata, just before.
    bytes = await readFileNoFollow(paths, paths.artifactPath(name, version, artifact.file));
  } catch (error) {
    if (isTabulaError(error) || isTransientFsError(error)) throw error;
    // Deleted while this read was under way: gone, not corrupt.
    if (errnoCode(error) === 'ENOENT' && !(await exists(paths.versionDir(name, version)))) throw versionNotFound(name, version);
    const problem = errnoCode(error) === 'ENOENT' ? 'is missing' : 'cannot be read';
    throw modelCorrupt(name, version, `artifact "${artifact.file}" ${problem}`, { cause: error });
  }
  // For a raw array file (format 2) the metadata schema has tied `bytes` to dtype × shape, so this
  // one comparison checks the file against both.
  if (bytes.byteLength !== artifact.bytes) {
    throw modelCorrupt(
      name,
      version,
      `artifact "${artifact.file}" has ${bytes.byteLength} bytes where ${METADATA_FILE} records ${artifact.bytes}`,
    );
  }
  if (createHash('sha256').update(bytes).digest('hex') !== artifact.sha256) {
    throw modelCorrupt(name, version, `artifact "${artifact.file}" does not match its recorded sha256`);
  }
  // A buffer of its own starts at offset 0, aligned for any typed-array view of the file.
  const isOwnBuffer = bytes.byteOffset === 0 && bytes.buffer.byteLength === bytes.byteLength;
  return isOwnBuffer ? new Uint8Array(bytes.buffer, 0, bytes.byteLength) : new Uint8Array(bytes);
}
