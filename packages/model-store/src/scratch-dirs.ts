import { hostname } from 'node:os';
import { lstat, mkdir, readdir, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { invalidInput } from '@tabula/contracts';
import { errnoCode } from './durable-fs.js';

/**
 * Entries of another host (a container sharing the volume) or without an owner are removed only
 * once untouched this long, so that no write in progress elsewhere is mistaken for a leftover.
 */
export const FOREIGN_SCRATCH_AGE_MS = 60 * 60 * 1000;

const OWNER_SEPARATOR = '~';
const thisHost = hostname().replace(/[^A-Za-z0-9.-]/g, '_');

/**
 * The name of this process's scratch dir inside a scratch root: host and pid. Worker threads share
 * it with their process. A restart can then tell a crashed owner's leftovers (dead pid on this
 * host) from a live process's work in progress, at once and without any age rule.
 */
export const SCRATCH_OWNER = `${thisHost}${OWNER_SEPARATOR}${process.pid}`;

export interface SweepOptions {
  nowMs?: number;
  foreignMaxAgeMs?: number;
  /** Whether a pid on this host still runs (injectable for tests). */
  isAlive?: (pid: number) => boolean;
}

/**
 * Removes the entries of a scratch root whose writer is gone, and returns how many it removed:
 * - a dir of this host whose pid no longer runs, or whose pid is this process's own (a container
 *   restarts with the same hostname and pid; this process has written nothing yet);
 * - anything else (other hosts, entries of older layouts) once untouched for foreignMaxAgeMs.
 * Call it at start-up, before this process writes any scratch file.
 */
export async function removeOrphanedScratch(root: string, options: SweepOptions = {}): Promise<number> {
  const { nowMs = Date.now(), foreignMaxAgeMs = FOREIGN_SCRATCH_AGE_MS, isAlive = isProcessAlive } = options;
  if (!Number.isFinite(foreignMaxAgeMs) || foreignMaxAgeMs < 0) {
    throw invalidInput(`foreignMaxAgeMs must be a finite number of milliseconds ≥ 0, got ${foreignMaxAgeMs}.`);
  }
  let entries: string[];
  try {
    entries = await readdir(root);
  } catch (error) {
    if (errnoCode(error) === 'ENOENT') return 0;
    throw error;
  }
  let removed = 0;
  for (const entry of entries) {
    const path = join(root, entry);
    const pid = localOwnerPid(entry);
    let isOrphaned: boolean;
    if (pid !== null) {
      isOrphaned = pid === process.pid || !isAlive(pid);
    } else {
      let modifiedMs: number;
      try {
        modifiedMs = (await lstat(path)).mtimeMs;
      } catch (error) {
        // Its owner published or cleaned it up since the readdir.
        if (errnoCode(error) === 'ENOENT') continue;
        throw error;
      }
      isOrphaned = nowMs - modifiedMs >= foreignMaxAgeMs;
    }
    if (!isOrphaned) continue;
    await rm(path, { recursive: true, force: true });
    removed += 1;
  }
  return removed;
}

/**
 * Sweeps a scratch root (see removeOrphanedScratch) and creates this process's own dir in it: the
 * services spool uploads there, so a crash mid-upload leaves nothing behind after the next start.
 */
export async function claimScratchDir(root: string, options: SweepOptions = {}): Promise<{ dir: string; removed: number }> {
  const removed = await removeOrphanedScratch(root, options);
  const dir = join(root, SCRATCH_OWNER);
  await mkdir(dir, { recursive: true });
  return { dir, removed };
}

function localOwnerPid(entry: string): number | null {
  const [host, pid, ...rest] = entry.split(OWNER_SEPARATOR);
  if (rest.length > 0 || host !== thisHost || pid === undefined || !/^[1-9]\d*$/.test(pid)) return null;
  return Number(pid);
}

function isProcessAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    // EPERM: it runs, under another user.
    return errnoCode(error) === 'EPERM';
  }
}
