import { constants } from 'node:fs';
import { lstat, mkdir, readFile } from 'node:fs/promises';
import { relative, sep } from 'node:path';
import { storeLinkRefused, type TabulaError } from '@tabula/contracts';
import { NO_FOLLOW, errnoCode } from './durable-fs.js';
import type { StorePaths } from './store-paths.js';

// The store never follows a symbolic link below its root: a link planted in MODELS_DIR (a version,
// a model, .tmp, a marker) would otherwise let a DELETE remove, a training write, or the start-up
// sweep empty a directory outside it. The root itself may be a link (a mounted volume often is).
// Directories are checked with lstat, component by component; files are opened with O_NOFOLLOW.

/**
 * The error for a link where the store expects its own file or directory (see storeLinkRefused),
 * named by its path below the root with '/' on every platform.
 */
export function linkRefused(paths: StorePaths, path: string, cause?: unknown): TabulaError {
  return storeLinkRefused(relative(paths.root, path).split(sep).join('/'), cause);
}

/** The path's components below the root, shortest first: root/a/b → [root/a, root/a/b]. */
function componentsBelowRoot(paths: StorePaths, path: string): string[] {
  const fromRoot = relative(paths.root, path);
  if (fromRoot === '' || fromRoot.startsWith('..')) throw new RangeError(`${path} is not below the store root`);
  const segments = fromRoot.split(sep);
  return segments.map((_, i) => [paths.root, ...segments.slice(0, i + 1)].join(sep));
}

/**
 * Checks that no component of `path` below the root is a symbolic link. Returns false as soon as a
 * component is missing (or is a file, which callers treat as missing, as readdir's ENOTDIR was).
 */
export async function isRealPath(paths: StorePaths, path: string): Promise<boolean> {
  for (const component of componentsBelowRoot(paths, path)) {
    let isDirectory: boolean;
    try {
      const stats = await lstat(component);
      if (stats.isSymbolicLink()) throw linkRefused(paths, component);
      isDirectory = stats.isDirectory();
    } catch (error) {
      const code = errnoCode(error);
      if (code === 'ENOENT' || code === 'ENOTDIR') return false;
      throw error;
    }
    if (!isDirectory && component !== path) return false;
  }
  return true;
}

/**
 * Creates `path` and its missing parents below the root as real directories, refusing any link on
 * the way (mkdir({recursive}) would create them wherever a linked parent points), and says whether
 * it created any.
 */
export async function makeRealDirs(paths: StorePaths, path: string): Promise<boolean> {
  let isCreated = false;
  for (const component of componentsBelowRoot(paths, path)) {
    try {
      await mkdir(component);
      isCreated = true;
    } catch (error) {
      if (errnoCode(error) !== 'EEXIST') throw error;
    }
    // Checked after mkdir too: an entry made by someone else in between is checked like any other.
    const stats = await lstat(component);
    if (stats.isSymbolicLink()) throw linkRefused(paths, component);
    if (!stats.isDirectory()) throw Object.assign(new Error(`ENOTDIR: not a directory, mkdir '${component}'`), { code: 'ENOTDIR' });
  }
  return isCreated;
}

/** readFile that refuses a link as the file itself (its directories must be checked by the caller). */
export async function readFileNoFollow(paths: StorePaths, path: string): Promise<Buffer> {
  try {
    return await readFile(path, { flag: constants.O_RDONLY | NO_FOLLOW });
  } catch (error) {
    if (errnoCode(error) === 'ELOOP') throw linkRefused(paths, path, error);
    throw error;
  }
}
