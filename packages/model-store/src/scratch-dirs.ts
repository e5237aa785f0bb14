import { hostname } from 'node:os';
import { lstat, mkdir, readdir, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { invalidInput, scratchDirNotDirectory } from '@tabula/contracts';
import { errnoCode } from './durable-fs.js';

/**
 * Scratch dirs of another host (a container sharing the volume) are removed only once untouched
 * this long, so that no write in progress elsewhere is mistaken for a leftover.
 */
export const FOREIGN_SCRATCH_AGE_MS = 60 * 60 * 1000;

const OWNER_SEPARATOR = '~';
/**
 * Every scratch dir's name starts with this: a sweep removes only such entries, so a scratch root
 * shared with other programs (UPLOAD_DIR=/tmp) never loses a file that Tabula did not make.
 */
const SCRATCH_PREFIX = `tabula${OWNER_SEPARATOR}`;
const thisHost = hostname().replace(/[^A-Za-z0-9.-]/g, '_');

/**
 * The name of this process's scratch dir inside a scratch root: the prefix, host and pid. Worker
 * threads share it with their process. A restart can then tell a crashed owner's leftovers (dead
 * pid on this host) from a live process's work in progress, at once and without any age rule.
 */
export const SCRATCH_OWNER = `${SCRATCH_PREFIX}${thisHost}${OWNER_SEPARATOR}${process.pid}`;

export interface SweepOptions {
  nowMs?: number;
  foreignMaxAgeMs?: number;
  /** Whether a pid on this host still runs (injectable for tests). */
  isAlive?: (pid: number) => boolean;
}

/**
 * Removes the scratch dirs of a scratch root whose writer is gone, and returns how many it removed:
 * - a dir of this host whose pid no longer runs, or whose pid is this process's own (a container
 *   restarts with the same hostname and pid; this process has written nothing yet);
 * - a dir of another host once untouched for foreignMaxAgeMs.
 * Entries without the scratch prefix are never touched, and an entry that is a symbolic link is
 * removed as a link, never followed. Call it at start-up, before this process writes any scratch file.
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
    const owner = parseOwner(entry);
    if (owner === null) continue;
    const path = join(root, entry);
    let isOrphaned: boolean;
    if (owner.host === thisHost) {
      isOrphaned = owner.pid === process.pid || !isAlive(owner.pid);
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
    // rm unlinks a symbolic link itself and never descends through one.
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
  // A link planted under this process's name after the sweep would send every upload elsewhere.
  if (!(await lstat(dir)).isDirectory()) {
    throw scratchDirNotDirectory(SCRATCH_OWNER, join(root, SCRATCH_OWNER));
  }
  return { dir, removed };
}

/** The host and pid of a scratch dir's name, or null for an entry this code did not name. */
function parseOwner(entry: string): { host: string; pid: number } | null {
  if (!entry.startsWith(SCRATCH_PREFIX)) return null;
  const [host, pid, ...rest] = entry.slice(SCRATCH_PREFIX.length).split(OWNER_SEPARATOR);
  if (rest.length > 0 || host === '' || pid === undefined || !/^[1-9]\d*$/.test(pid)) return null;
  return { host, pid: Number(pid) };
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
