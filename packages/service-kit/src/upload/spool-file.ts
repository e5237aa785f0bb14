import { randomUUID } from 'node:crypto';
import { createReadStream, createWriteStream } from 'node:fs';
import { mkdir, rm } from 'node:fs/promises';
import { join } from 'node:path';
import type { Readable } from 'node:stream';
import { once } from 'node:events';
import { spooledUploadTooLarge } from '@tabula/contracts';

export interface SpoolOptions {
  /**
   * Uploads up to this size stay in memory; larger ones go to a temp file in `dir`. 0 writes every
   * upload to a file, an empty one too, for callers that hand a path on (csvUpload).
   */
  memoryBytes: number;
  /** Larger uploads are refused with 413. */
  maxBytes: number;
  dir: string;
  /** What the 413 past maxBytes suggests (default: split the file or raise MAX_UPLOAD_MB); a caller that knows another way of sending gives it. */
  tooLargeHint?: string;
}

/** An upload read to its end, in memory or on disk, to be read again as often as needed. */
export interface SpooledFile {
  bytes: number;
  /** The temp file, when the upload went to disk; undefined when it stayed in memory. */
  path: string | undefined;
  chunks(): AsyncIterable<Uint8Array>;
  /** Deletes the temp file, if there is one. */
  remove(): Promise<void>;
}

/**
 * Reads a file part to its end, as Python's SpooledTemporaryFile does: small uploads (almost all
 * prediction requests) never touch the disk, large ones never sit in memory. Past `maxBytes` the
 * rest of the part is drained and a 413 is thrown.
 */
export async function spoolFile(file: Readable, options: SpoolOptions): Promise<SpooledFile> {
  const inMemory: Uint8Array[] = [];
  let bytes = 0;
  let path: string | undefined;
  let disk: TempFile | undefined;
  const openDisk = async (): Promise<TempFile> => {
    await mkdir(options.dir, { recursive: true });
    path = join(options.dir, `upload-${randomUUID()}`);
    return openTempFile(path);
  };
  try {
    if (options.memoryBytes <= 0) disk = await openDisk();
    // destroyOnReturn: false, so that a throw leaves the part readable for the resume() below. A
    // destroyed part would stall the multipart parser, and with it the request: the connection
    // (a keep-alive one from the gateway) would hang for the next request sent on it.
    for await (const chunk of file.iterator({ destroyOnReturn: false }) as AsyncIterable<Buffer>) {
      bytes += chunk.length;
      if (bytes > options.maxBytes) throw spooledUploadTooLarge(options.maxBytes, options.tooLargeHint);
      if (disk) {
        await disk.write(chunk);
        continue;
      }
      inMemory.push(chunk);
      if (bytes > options.memoryBytes) {
        disk = await openDisk();
        for (const held of inMemory.splice(0)) await disk.write(held);
      }
    }
    await disk?.close();
  } catch (error) {
    file.resume();
    // Only once the stream has closed: a file whose open was still pending (a first chunk already past maxBytes)
    // would otherwise be created after the rm below and left behind.
    await disk?.destroy();
    if (path) await rm(path, { force: true });
    throw error;
  }
  const onDisk = path;
  return {
    bytes,
    path: onDisk,
    chunks: () => (onDisk === undefined ? toAsync(inMemory) : createReadStream(onDisk)),
    remove: async () => {
      if (onDisk !== undefined) await rm(onDisk, { force: true });
    },
  };
}

interface TempFile {
  write(chunk: Uint8Array): Promise<void>;
  close(): Promise<void>;
  /** Stops writing; settles once the file is closed (or never opened). */
  destroy(): Promise<void>;
}

/**
 * A write stream whose error (a full disk, an UPLOAD_DIR that went away) rejects the next write or
 * the close. A bare stream would emit it while the spool waits for the upload, with no listener:
 * that ends the process, and waiting for 'drain' or 'finish' would never end.
 */
function openTempFile(path: string): TempFile {
  const stream = createWriteStream(path);
  let failure: Error | undefined;
  const failed = new Promise<never>((_, reject) => {
    stream.once('error', (error) => {
      failure = error;
      reject(error);
    });
  });
  failed.catch(() => {});
  return {
    async write(chunk) {
      if (failure) throw failure;
      if (!stream.write(chunk)) await Promise.race([once(stream, 'drain'), failed]);
    },
    async close() {
      if (failure) throw failure;
      stream.end();
      await Promise.race([once(stream, 'finish'), failed]);
    },
    async destroy() {
      if (stream.closed) return;
      const closed = once(stream, 'close').catch(() => undefined);
      stream.destroy();
      await closed;
    },
  };
}

async function* toAsync(chunks: Uint8Array[]): AsyncGenerator<Uint8Array> {
  yield* chunks;
}
