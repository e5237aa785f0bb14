import { randomUUID } from 'node:crypto';
import { rename, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { modelNotFound, versionHasAliases, versionNotFound } from '@tabula/contracts';
import { aliasesOf, readAliases } from './aliases.js';
import { errnoCode, syncDirectory, writeFileDurably } from './durable-fs.js';
import { withModelLock } from './model-lock.js';
import { isRealPath, linkRefused, makeRealDirs } from './no-links.js';
import type { StorePaths } from './store-paths.js';
import { listVersionNumbers, tombstoneName } from './version-numbers.js';

/**
 * Deletes a version unless an alias points to it (CONFLICT naming the aliases). Readers never see
 * half a version: the directory leaves the model in one rename into the temp dir and is removed
 * from there. A tombstone written first keeps the number from ever being given to a new version,
 * even by a writer that lists the directory between the two steps.
 */
export function deleteVersion(paths: StorePaths, name: string, version: number): Promise<void> {
  const modelDir = paths.modelDir(name);
  return withModelLock(modelDir, async () => {
    const versions = await listVersionNumbers(paths, name);
    if (versions.length === 0) throw modelNotFound(name);
    if (!versions.includes(version)) throw versionNotFound(name, version);
    // A version that is a link is refused rather than removed: the store never acts through one.
    if (!(await isRealPath(paths, paths.versionDir(name, version)))) throw versionNotFound(name, version);
    const aliases = aliasesOf(await readAliases(paths, name), version);
    if (aliases.length > 0) throw versionHasAliases(name, version, aliases);

    const tombstone = new TextEncoder().encode(`${JSON.stringify({ deleted_at: new Date().toISOString() })}\n`);
    const tombstonePath = join(modelDir, tombstoneName(version));
    await writeFileDurably(tombstonePath, tombstone, 'w').catch((error: unknown) => {
      throw errnoCode(error) === 'ELOOP' ? linkRefused(paths, tombstonePath, error) : error;
    });
    await makeRealDirs(paths, paths.scratchDir);
    const trash = join(paths.scratchDir, `deleted-${name}-${version}-${randomUUID()}`);
    try {
      await rename(paths.versionDir(name, version), trash);
    } catch (error) {
      // Removed by hand since the listing: the outcome the caller asked for, but not by this call.
      if (errnoCode(error) === 'ENOENT') throw versionNotFound(name, version);
      throw error;
    }
    await syncDirectory(modelDir);
    // Left over only if this process dies here; removeOrphanedTemp clears it at the next start.
    await rm(trash, { recursive: true, force: true });
  });
}
