import { readdir } from 'node:fs/promises';
import { errnoCode } from './durable-fs.js';

// A version directory only ever appears through an atomic rename of a complete temp dir, so any
// entry with a version-number name is a whole version (or, if tampered with, reads as corrupt).
const VERSION_ENTRY = /^[1-9][0-9]{0,8}$/;

/**
 * The version numbers present under a model directory, ascending, in one readdir. A missing
 * model directory (or a file in its place) has no versions.
 */
export async function listVersionNumbers(modelDir: string): Promise<number[]> {
  let entries: string[];
  try {
    entries = await readdir(modelDir);
  } catch (error) {
    const code = errnoCode(error);
    if (code === 'ENOENT' || code === 'ENOTDIR') return [];
    throw error;
  }
  return entries
    .filter((entry) => VERSION_ENTRY.test(entry))
    .map(Number)
    .sort((a, b) => a - b);
}
