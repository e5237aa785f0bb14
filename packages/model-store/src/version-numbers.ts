import { readdir } from 'node:fs/promises';
import { errnoCode } from './durable-fs.js';
import { isRealPath } from './no-links.js';
import { ALIASES_FILE, type StorePaths } from './store-paths.js';

// A version directory only ever appears through an atomic rename of a complete temp dir, so any
// entry with a version-number name is a whole version (or, if tampered with, reads as corrupt).
const VERSION_ENTRY = /^[1-9][0-9]{0,8}$/;
// What a deleted version leaves behind, so that its number is never given to another model:
// a cache keyed by name@version (the predictor's) can then never serve the wrong one.
const TOMBSTONE_ENTRY = /^([1-9][0-9]{0,8})\.deleted$/;

export const tombstoneName = (version: number): string => `${version}.deleted`;

export interface VersionEntries {
  /** Stored versions, ascending. */
  versions: number[];
  /** Numbers of deleted versions. */
  deleted: number[];
  /** Whether the model has an aliases file. */
  hasAliases: boolean;
}

/**
 * One readdir of a model directory: its versions, deleted numbers and whether aliases.json is there.
 * A resolution opens aliases.json only when it exists (most models have none, and a failed open per
 * request cost the predictor about 6% of its CPU at 1,000 requests/s). A model directory that is a
 * symbolic link is refused (one lstat first), so nothing outside the root is listed or acted on.
 * Entries that are links keep their version number (it is never reused) and read as corrupt.
 */
export async function readVersionEntries(paths: StorePaths, name: string): Promise<VersionEntries> {
  const modelDir = paths.modelDir(name);
  const none: VersionEntries = { versions: [], deleted: [], hasAliases: false };
  if (!(await isRealPath(paths, modelDir))) return none;
  let entries: string[];
  try {
    entries = await readdir(modelDir);
  } catch (error) {
    const code = errnoCode(error);
    if (code === 'ENOENT' || code === 'ENOTDIR') return none;
    throw error;
  }
  const versions = entries.filter((entry) => VERSION_ENTRY.test(entry)).map(Number);
  const deleted = entries.flatMap((entry) => {
    const match = TOMBSTONE_ENTRY.exec(entry);
    return match ? [Number(match[1])] : [];
  });
  return { versions: versions.sort((a, b) => a - b), deleted, hasAliases: entries.includes(ALIASES_FILE) };
}

/**
 * The version numbers present under a model directory, ascending, in one readdir. A missing
 * model directory (or a file in its place) has no versions.
 */
export async function listVersionNumbers(paths: StorePaths, name: string): Promise<number[]> {
  return (await readVersionEntries(paths, name)).versions;
}

/** One past the highest number ever used, deleted versions included: numbers are never reused. */
export async function nextVersionNumber(paths: StorePaths, name: string): Promise<number> {
  const { versions, deleted } = await readVersionEntries(paths, name);
  return Math.max(0, ...versions, ...deleted) + 1;
}
