import { createHash } from 'node:crypto';
import { mkdtemp, rename, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { ModelMetadataSchema, invalidInput, issuesToDetails, versionNumberContended } from '@tabula/contracts';
import type { ArraySpec, Artifact, ModelMetadata, ModelMetadataDraft } from '@tabula/contracts';
import { errnoCode, syncDirectory, writeFileDurably } from './durable-fs.js';
import { makeRealDirs } from './no-links.js';
import { parseModelName } from './parse-names.js';
import { METADATA_FILE, parseArtifactFile, type StorePaths } from './store-paths.js';
import { nextVersionNumber } from './version-numbers.js';

// Each lost race means another writer published a version meanwhile, so this bounds how many
// writers may publish the same model at once, not how long one may take.
const MAX_PUBLISH_ATTEMPTS = 100;

/**
 * Stores one new version: artifacts and metadata.json go into a fresh temp dir under the root and
 * are fsynced; the dir is then renamed to `<name>/<n>`, n = highest ever used + 1. rename(2) of a
 * directory onto a non-empty one fails, so concurrent writers (threads, processes, containers on
 * one volume) cannot both take n: the loser rewrites its metadata with the next number and retries.
 * Any failure removes the temp dir, so no partial version is ever visible.
 *
 * @param arrays the dtype and shape of each file that is a raw array (model files format 2), recorded
 *   beside its size and sha256 in metadata.json; each such file must be exactly dtype × shape bytes.
 */
export async function writeVersion(
  paths: StorePaths,
  draft: ModelMetadataDraft,
  files: Record<string, Uint8Array>,
  arrays: Record<string, ArraySpec> = {},
): Promise<ModelMetadata> {
  const unversioned = checkDraft(draft, files, arrays);
  const name = unversioned.model_name;
  const modelDir = paths.modelDir(name);

  await makeRealDirs(paths, paths.scratchDir);
  const tempDir = await mkdtemp(join(paths.scratchDir, `${name}-`));
  try {
    for (const [file, bytes] of Object.entries(files)) await writeFileDurably(join(tempDir, file), bytes, 'wx');
    // Never through a link: a model directory linked outside the root would receive the version.
    if (await makeRealDirs(paths, modelDir)) await syncDirectory(paths.root);
    return await publish(paths, tempDir, unversioned);
  } catch (error) {
    await rm(tempDir, { recursive: true, force: true });
    throw error;
  }
}

/**
 * A new version's metadata, with version 1 as a placeholder and each artifact's size and sha256: parsed once, so
 * that what any store keeps is exactly what its readers accept. Throws INVALID_INPUT.
 */
export function checkDraft(draft: ModelMetadataDraft, files: Record<string, Uint8Array>, arrays: Record<string, ArraySpec> = {}): ModelMetadata {
  const name = parseModelName(draft.model_name);
  const unversioned = { ...draft, model_name: name, created_at: new Date().toISOString(), artifacts: describeArtifacts(files, arrays) };
  const checked = ModelMetadataSchema.safeParse({ ...unversioned, version: 1 });
  if (!checked.success) {
    throw invalidInput(`The metadata for model "${name}" does not match the metadata schema.`, {
      cause: checked.error,
      details: issuesToDetails(checked.error.issues),
    });
  }
  return checked.data;
}

async function publish(paths: StorePaths, tempDir: string, draft: ModelMetadata): Promise<ModelMetadata> {
  const name = draft.model_name;
  const modelDir = paths.modelDir(name);
  let version = await nextVersionNumber(paths, name);
  for (let attempt = 0; attempt < MAX_PUBLISH_ATTEMPTS; attempt += 1) {
    const metadata: ModelMetadata = { ...draft, version };
    await writeFileDurably(join(tempDir, METADATA_FILE), new TextEncoder().encode(`${JSON.stringify(metadata, null, 2)}\n`), 'w');
    await syncDirectory(tempDir);
    try {
      await rename(tempDir, paths.versionDir(name, version));
    } catch (error) {
      const code = errnoCode(error);
      if (code !== 'EEXIST' && code !== 'ENOTEMPTY') throw error;
      // Rescanning skips past every version published while we raced, not just the one we hit.
      version = Math.max(version + 1, await nextVersionNumber(paths, name));
      continue;
    }
    // The version is already visible to readers: failing now would report a version that exists
    // as not stored, so a directory fsync error here only costs durability against power loss.
    await syncDirectory(modelDir).catch(() => undefined);
    return metadata;
  }
  throw versionNumberContended(name);
}

function describeArtifacts(files: Record<string, Uint8Array>, arrays: Record<string, ArraySpec>): Artifact[] {
  const entries = Object.entries(files);
  if (entries.length === 0) throw invalidInput('A model version needs at least one artifact file.');
  const unknown = Object.keys(arrays).filter((file) => !Object.hasOwn(files, file));
  if (unknown.length > 0) throw invalidInput(`Array specs name files that are not artifacts: ${unknown.join(', ')}.`);
  return entries.map(([file, bytes]) => {
    if (!(bytes instanceof Uint8Array)) throw invalidInput(`Artifact "${file}" must be a Uint8Array.`);
    // dtype and shape only when given, so format-1 metadata stays as it was.
    const spec = Object.hasOwn(arrays, file) ? { dtype: arrays[file].dtype, shape: arrays[file].shape } : {};
    return {
      file: parseArtifactFile(file),
      bytes: bytes.byteLength,
      sha256: createHash('sha256').update(bytes).digest('hex'),
      ...spec,
    };
  });
}
