import { randomUUID } from 'node:crypto';
import { readdir, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { isTabulaError } from '@tabula/contracts';
import { errnoCode, writeFileDurably } from './durable-fs.js';
import { makeRealDirs } from './no-links.js';
import type { StorePaths } from './store-paths.js';

/** A readiness check result, as the services' /ready reports it. */
export interface AccessCheck {
  ok: boolean;
  message?: string;
}

// Readiness bodies can reach clients, so the message names the errno, never the path.
function failure(what: string, error: unknown): AccessCheck {
  const reason = errnoCode(error) ?? (isTabulaError(error) ? 'a symbolic link in its temp dir' : 'unexpected error');
  return { ok: false, message: `The models directory is not ${what} (${reason}).` };
}

/** Writes, fsyncs and removes a probe file in the temp dir, where every new version starts. */
export async function checkWritable(paths: StorePaths): Promise<AccessCheck> {
  const probe = join(paths.scratchDir, `probe-${randomUUID()}`);
  try {
    await makeRealDirs(paths, paths.scratchDir);
    await writeFileDurably(probe, new Uint8Array([0x6f, 0x6b]), 'wx');
    await rm(probe, { force: true });
    return { ok: true };
  } catch (error) {
    await rm(probe, { force: true }).catch(() => undefined);
    return failure('writable', error);
  }
}

/** Lists the root: what listModels and every resolveVersion need first. */
export async function checkReadable(paths: StorePaths): Promise<AccessCheck> {
  try {
    await readdir(paths.root);
    return { ok: true };
  } catch (error) {
    return failure('readable', error);
  }
}
