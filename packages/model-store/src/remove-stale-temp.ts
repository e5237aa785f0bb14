import { lstat, readdir, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { invalidInput } from '@tabula/contracts';
import { errnoCode } from './durable-fs.js';

/** Long enough that no write in progress in another process is mistaken for a crash's leftover. */
export const DEFAULT_STALE_TEMP_AGE_MS = 60 * 60 * 1000;

/**
 * Deletes entries of the temp dir last modified at least maxAgeMs ago: the leftovers of writers
 * that crashed between mkdtemp and rename. Returns how many were removed.
 */
export async function removeStaleTemp(tempRoot: string, maxAgeMs: number, nowMs: number): Promise<number> {
  if (!Number.isFinite(maxAgeMs) || maxAgeMs < 0) {
    throw invalidInput(`maxAgeMs must be a finite number of milliseconds ≥ 0, got ${maxAgeMs}.`);
  }
  let entries: string[];
  try {
    entries = await readdir(tempRoot);
  } catch (error) {
    if (errnoCode(error) === 'ENOENT') return 0;
    throw error;
  }
  let removed = 0;
  for (const entry of entries) {
    const path = join(tempRoot, entry);
    let modifiedMs: number;
    try {
      modifiedMs = (await lstat(path)).mtimeMs;
    } catch (error) {
      // Another process published or cleaned it up since the readdir.
      if (errnoCode(error) === 'ENOENT') continue;
      throw error;
    }
    if (nowMs - modifiedMs < maxAgeMs) continue;
    await rm(path, { recursive: true, force: true });
    removed += 1;
  }
  return removed;
}
