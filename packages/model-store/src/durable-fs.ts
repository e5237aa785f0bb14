import { constants } from 'node:fs';
import { open, type FileHandle } from 'node:fs/promises';

/**
 * The errno code of a Node fs error (ENOENT, EEXIST…), or undefined for anything else. Duck-typed,
 * because an error from another realm (a vm context, as under jest) fails `instanceof Error`.
 */
export function errnoCode(error: unknown): string | undefined {
  if (typeof error === 'object' && error !== null && 'code' in error && typeof error.code === 'string') return error.code;
  return undefined;
}

// Errors that say "try again later" rather than "this file is bad": reads that hit them are
// rethrown as they are, never reported as a corrupt model.
const TRANSIENT_CODES = new Set(['EMFILE', 'ENFILE', 'EAGAIN', 'EBUSY', 'EINTR', 'ENOMEM']);

export function isTransientFsError(error: unknown): boolean {
  const code = errnoCode(error);
  return code !== undefined && TRANSIENT_CODES.has(code);
}

/** Open flag that refuses a symbolic link as the last component (ELOOP); 0 where the platform has none. */
export const NO_FOLLOW = constants.O_NOFOLLOW ?? 0;

// 'w' and 'wx' that never write through a link: one planted where the store writes (a deletion
// marker) fails with ELOOP instead of truncating the file it points to.
const WRITE_FLAGS = {
  w: constants.O_WRONLY | constants.O_CREAT | constants.O_TRUNC | NO_FOLLOW,
  wx: constants.O_WRONLY | constants.O_CREAT | constants.O_EXCL | NO_FOLLOW,
} as const;

/**
 * Writes bytes and fsyncs them before returning, so that a version made visible by a later
 * rename never holds a half-written file after a power loss. Never writes through a link.
 */
export async function writeFileDurably(path: string, bytes: Uint8Array, flag: 'w' | 'wx'): Promise<void> {
  const handle = await open(path, WRITE_FLAGS[flag], 0o666);
  try {
    await handle.writeFile(bytes);
    await handle.sync();
  } finally {
    await handle.close();
  }
}

// Some filesystems and platforms cannot fsync a directory; the entry's durability is then theirs.
const UNSUPPORTED_DIR_SYNC_CODES = new Set(['EINVAL', 'EISDIR', 'EPERM', 'EBADF', 'ENOTSUP']);

/** Fsyncs a directory so that the entries created or renamed in it survive a crash. */
export async function syncDirectory(path: string): Promise<void> {
  let handle: FileHandle;
  try {
    handle = await open(path, 'r');
  } catch (error) {
    if (UNSUPPORTED_DIR_SYNC_CODES.has(errnoCode(error) ?? '')) return;
    throw error;
  }
  try {
    await handle.sync();
  } catch (error) {
    if (!UNSUPPORTED_DIR_SYNC_CODES.has(errnoCode(error) ?? '')) throw error;
  } finally {
    await handle.close();
  }
}
