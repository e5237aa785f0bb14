import { randomUUID } from 'node:crypto';
import { constants } from 'node:fs';
import { copyFile, link, mkdir, open, readFile, rm, unlink } from 'node:fs/promises';
import { dirname, join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { artifactKeyTaken, artifactMissing } from '@tabula/contracts';
import type { AccessCheck } from '../check-access.js';
import { errnoCode, syncDirectory, writeFileDurably } from '../durable-fs.js';
import { parseArtifactKey } from './artifact-key.js';
import type { ArtifactStore } from './artifact-store.js';

// Temp files live in the store's own folder (same filesystem, so the final link is atomic) in a folder no key can
// name: '#' is outside the key grammar.
const TEMP_DIR = '.tmp#';

/**
 * An ArtifactStore over a folder every replica mounts (`ARTIFACTS_URI=file:///shared/models`). A put writes a temp
 * file and fsyncs it, then link(2)s it to the key: a rename that refuses an existing target (rename(2) would replace
 * it silently), so a key is never overwritten, and a reader sees no file or the whole file. Keys are checked against
 * the grammar before any path is built, so nothing outside `root` is ever touched.
 */
export function openFileArtifacts(root: string): ArtifactStore {
  const base = resolve(root);
  const description = pathToFileURL(base).href;
  const tempDir = join(base, TEMP_DIR);
  const pathOf = (key: string) => join(base, ...parseArtifactKey(key).split('/'));

  const put = (key: string, bytes: Uint8Array) => putWith(key, (temp) => writeFileDurably(temp, bytes, 'wx'));
  const putFile = (key: string, path: string) => putWith(key, (temp) => copyFileDurably(path, temp));

  /** Writes the temp file with `write`, then links it to the key: the one way a key gets its bytes. */
  async function putWith(key: string, write: (temp: string) => Promise<void>): Promise<void> {
    const target = pathOf(key);
    await mkdir(tempDir, { recursive: true });
    await mkdir(dirname(target), { recursive: true });
    const temp = join(tempDir, randomUUID());
    try {
      await write(temp);
      await link(temp, target);
    } catch (error) {
      if (errnoCode(error) === 'EEXIST') throw artifactKeyTaken(description, key);
      throw error;
    } finally {
      await unlink(temp).catch(() => undefined);
    }
    await syncDirectory(dirname(target));
  }

  async function get(key: string): Promise<Uint8Array> {
    let bytes: Buffer;
    try {
      bytes = await readFile(pathOf(key));
    } catch (error) {
      if (errnoCode(error) === 'ENOENT' || errnoCode(error) === 'ENOTDIR') throw artifactMissing(description, key, error);
      throw error;
    }
    // readFile returns a Buffer of its own unless it is small enough for Node's pool: copy only then.
    const isOwnBuffer = bytes.byteOffset === 0 && bytes.buffer.byteLength === bytes.byteLength;
    return isOwnBuffer ? new Uint8Array(bytes.buffer, 0, bytes.byteLength) : new Uint8Array(bytes);
  }

  async function getFile(key: string, path: string): Promise<void> {
    try {
      // copy_file_range in the kernel where it can: no byte passes through this process.
      await copyFile(pathOf(key), path, constants.COPYFILE_EXCL);
    } catch (error) {
      if (errnoCode(error) === 'ENOENT' || errnoCode(error) === 'ENOTDIR') throw artifactMissing(description, key, error);
      throw error;
    }
  }

  async function remove(key: string): Promise<void> {
    await rm(pathOf(key), { force: true });
  }

  async function check(): Promise<AccessCheck> {
    const probe = `${TEMP_DIR}/probe-${randomUUID()}`;
    try {
      await mkdir(tempDir, { recursive: true });
      await writeFileDurably(join(base, probe), new Uint8Array([0x6f, 0x6b]), 'wx');
      await rm(join(base, probe), { force: true });
      return { ok: true };
    } catch (error) {
      // Readiness bodies can reach clients: the errno, never the path.
      return { ok: false, message: `The artifact folder is not writable (${errnoCode(error) ?? 'unexpected error'}).` };
    }
  }

  return { description, put, putFile, get, getFile, delete: remove, check };
}

/** Copies `from` to the new file `to` and fsyncs it, so that the link that publishes it never shows a half-written file. */
async function copyFileDurably(from: string, to: string): Promise<void> {
  await copyFile(from, to, constants.COPYFILE_EXCL);
  const handle = await open(to, 'r+');
  try {
    await handle.sync();
  } finally {
    await handle.close();
  }
}
