import { createHash } from 'node:crypto';
import { mkdir, writeFile } from 'node:fs/promises';
import { dirname } from 'node:path';
import type { Readable } from 'node:stream';
import type S3rver from 's3rver';

/** The part of s3rver 3.7.1's FilesystemStore (lib/stores/filesystem.js) that a PutObject goes through. */
interface FilesystemStore {
  getResourcePath(bucket: string, key: string, resource: string): string;
  putMetadata(bucket: string, key: string, metadata: unknown, md5: string): Promise<void>;
  putObject(object: { bucket: string; key: string; metadata: unknown; content: Buffer | Readable }): Promise<{ size: number; md5: string }>;
}

/**
 * Makes s3rver answer a PutObject only once the object's file is written, as S3 does. s3rver 3.7.1 resolves a put
 * as soon as it has handed the bytes to a write stream (for a Buffer body, before the file is even opened), so a GET
 * right after could read a short file, and a DELETE right after (every service's start-up probe does one) makes the
 * unwatched write stream fail with ENOENT, an uncaught error that ends the test process. Test harness only: it
 * replaces one method of s3rver's own store with the same steps, awaited.
 */
export function makeWholeWrites(server: S3rver): void {
  const store = (server as unknown as { store: FilesystemStore }).store;
  store.putObject = async (object) => {
    const content = Buffer.isBuffer(object.content) ? object.content : await readAll(object.content);
    const objectPath = store.getResourcePath(object.bucket, object.key, 'object');
    await mkdir(dirname(objectPath), { recursive: true });
    await writeFile(objectPath, content);
    const md5 = createHash('md5').update(content).digest('hex');
    await store.putMetadata(object.bucket, object.key, object.metadata, md5);
    return { size: content.length, md5 };
  };
}

async function readAll(stream: Readable): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of stream) chunks.push(Buffer.isBuffer(chunk) ? chunk : Buffer.from(chunk as Uint8Array));
  return Buffer.concat(chunks);
}
