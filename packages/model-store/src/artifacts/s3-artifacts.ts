import { randomUUID } from 'node:crypto';
import { createReadStream, createWriteStream } from 'node:fs';
import { rm, stat } from 'node:fs/promises';
import { pipeline } from 'node:stream/promises';
import { DeleteObjectCommand, GetObjectCommand, PutObjectCommand, S3Client, type S3ClientConfig } from '@aws-sdk/client-s3';
import { artifactMissing, artifactStoreUnreachable, isTabulaError } from '@tabula/contracts';
import type { AccessCheck } from '../check-access.js';
import { parseArtifactKey } from './artifact-key.js';
import type { ArtifactStore } from './artifact-store.js';
import { translateS3Error, type S3Target } from './s3-errors.js';

/**
 * Everything the S3 store needs, parsed by the caller (the services' config parses the environment with zod): the
 * store reads no environment variable itself, so a test or a tool can open one with explicit values.
 */
export interface S3ArtifactsOptions {
  bucket: string;
  /** Leading key segments, without a leading or trailing '/'; '' for the bucket's root. */
  prefix: string;
  /** S3_ENDPOINT: a MinIO or other S3-compatible store ('http://minio:9000'); unset for AWS S3 itself. */
  endpoint?: string;
  /** S3_FORCE_PATH_STYLE: bucket in the path (http://host/bucket/key), which MinIO and s3rver need. */
  forcePathStyle?: boolean;
  /** AWS_REGION: the region requests are signed for (any value for most S3-compatible stores). */
  region: string;
  /**
   * Fixed credentials or a provider. Unset: the SDK's default chain (environment, shared files, web identity, ECS,
   * instance metadata), which is what a Kubernetes service account or an instance role needs.
   */
  credentials?: S3ClientConfig['credentials'];
  /** Attempts per call, the first included (the SDK's default is 3, with backoff, for throttling and 5xx). */
  maxAttempts?: number;
  /** Give up connecting after this long (the SDK waits forever by default, so a blackholed endpoint would hang /ready). */
  connectTimeoutMs?: number;
  /** Give up on a socket idle this long, so a stalled transfer fails instead of hanging; large bodies still stream. */
  socketTimeoutMs?: number;
}

/** How to reach the S3 store, without what ARTIFACTS_URI gives (bucket and prefix). */
export type S3ConnectionOptions = Omit<S3ArtifactsOptions, 'bucket' | 'prefix'>;

// A segment no key can start (artifact keys begin with a model name, and model names cannot start with '.'): the
// probe never lands on, or removes, a real artifact.
const PROBE_DIR = '.tabula-probe';

/**
 * An ArtifactStore over S3 or an S3-compatible store (`ARTIFACTS_URI=s3://bucket/prefix`). A put is one PutObject of
 * the whole buffer: S3 takes up to 5 GB in one PUT and makes it visible atomically, and a Node Buffer holds at most
 * 4 GiB, so no artifact needs multipart. A get reads the body into one buffer of its announced size; a delete of an
 * absent key succeeds, as S3's DeleteObject does. Keys are checked against the grammar before any request.
 */
export function openS3Artifacts(options: S3ArtifactsOptions): ArtifactStore {
  const { bucket, prefix } = options;
  const description = `s3://${bucket}${prefix === '' ? '' : `/${prefix}`}`;
  const target: S3Target = { bucket, endpoint: describeEndpoint(options) };
  const client = new S3Client({
    region: options.region,
    endpoint: options.endpoint,
    forcePathStyle: options.forcePathStyle ?? false,
    credentials: options.credentials,
    maxAttempts: options.maxAttempts,
    requestHandler: { connectionTimeout: options.connectTimeoutMs ?? 5_000, requestTimeout: options.socketTimeoutMs ?? 60_000 },
    // The registry keeps every artifact's sha256 and the reader checks it, so the SDK's own CRC32 headers add no
    // safety, and several S3-compatible stores refuse them: send checksums only where S3 requires them.
    requestChecksumCalculation: 'WHEN_REQUIRED',
    responseChecksumValidation: 'WHEN_REQUIRED',
  });
  const objectKey = (key: string) => (prefix === '' ? parseArtifactKey(key) : `${prefix}/${parseArtifactKey(key)}`);

  async function send<T>(call: () => Promise<T>): Promise<T> {
    try {
      return await call();
    } catch (error) {
      throw translateS3Error(error, target);
    }
  }

  async function put(key: string, bytes: Uint8Array): Promise<void> {
    const Key = objectKey(key);
    await send(() => client.send(new PutObjectCommand({ Bucket: bucket, Key, Body: bytes, ContentLength: bytes.byteLength, ContentType: 'application/octet-stream' })));
  }

  async function get(key: string): Promise<Uint8Array> {
    const Key = objectKey(key);
    try {
      const answer = await client.send(new GetObjectCommand({ Bucket: bucket, Key }));
      return await readBodyExactly(answer.Body, answer.ContentLength);
    } catch (error) {
      if ((error as { name?: string } | null)?.name === 'NoSuchKey') throw artifactMissing(description, key, error);
      if (error instanceof RangeError) throw artifactStoreUnreachable(target.endpoint, error.message, error);
      throw translateS3Error(error, target);
    }
  }

  async function putFile(key: string, path: string): Promise<void> {
    const Key = objectKey(key);
    const { size } = await stat(path);
    // One PutObject with a known length streams the file (S3 takes up to 5 GB in one PUT). The SDK cannot replay a
    // stream, so a failed attempt is not retried here: the caller's job fails with the store's error.
    await send(() =>
      client.send(new PutObjectCommand({ Bucket: bucket, Key, Body: createReadStream(path, { highWaterMark: 1024 * 1024 }), ContentLength: size, ContentType: 'application/octet-stream' })),
    );
  }

  async function getFile(key: string, path: string): Promise<void> {
    const Key = objectKey(key);
    try {
      const answer = await client.send(new GetObjectCommand({ Bucket: bucket, Key }));
      await writeBodyExactly(answer.Body, answer.ContentLength, path);
    } catch (error) {
      if ((error as { code?: string } | null)?.code !== 'EEXIST') await rm(path, { force: true });
      if ((error as { name?: string } | null)?.name === 'NoSuchKey') throw artifactMissing(description, key, error);
      if (error instanceof RangeError) throw artifactStoreUnreachable(target.endpoint, error.message, error);
      throw translateS3Error(error, target);
    }
  }

  async function remove(key: string): Promise<void> {
    const Key = objectKey(key);
    await send(() => client.send(new DeleteObjectCommand({ Bucket: bucket, Key })));
  }

  async function check(): Promise<AccessCheck> {
    const probe = `${PROBE_DIR}/${randomUUID()}`;
    try {
      await put(probe, new Uint8Array([0x6f, 0x6b]));
      await remove(probe);
      return { ok: true };
    } catch (error) {
      // The translated messages name the bucket and endpoint only; anything else stays in the log, not in /ready.
      return { ok: false, message: isTabulaError(error) ? error.message : `The artifact store ${description} failed a probe write (unexpected error).` };
    }
  }

  return { description, put, putFile, get, getFile, delete: remove, check };
}

/** The endpoint as messages name it: the origin of S3_ENDPOINT (never a user:password part), or AWS's own. */
function describeEndpoint(options: S3ArtifactsOptions): string {
  if (options.endpoint === undefined) return `the AWS S3 endpoint of region ${options.region}`;
  try {
    return new URL(options.endpoint).origin;
  } catch {
    return 'S3_ENDPOINT';
  }
}

/** A GetObject body, streamed into a new file; RangeError when it is shorter or longer than announced (a cut transfer). */
async function writeBodyExactly(body: unknown, contentLength: number | undefined, path: string): Promise<void> {
  if (body === null || typeof body !== 'object' || !(Symbol.asyncIterator in body)) throw new RangeError('the answer had no body');
  let received = 0;
  async function* counted(chunks: AsyncIterable<Uint8Array>): AsyncGenerator<Uint8Array> {
    for await (const chunk of chunks) {
      received += chunk.byteLength;
      if (contentLength !== undefined && received > contentLength) throw new RangeError(`the object was longer than the ${contentLength} bytes announced`);
      yield chunk;
    }
  }
  await pipeline(counted(body as AsyncIterable<Uint8Array>), createWriteStream(path, { flags: 'wx' }));
  if (contentLength !== undefined && received !== contentLength) throw new RangeError(`the object ended after ${received} of ${contentLength} bytes`);
}

/**
 * A GetObject body, read into one fresh buffer of the announced size (so typed arrays can view it in place, and no
 * chunk list is concatenated twice). RangeError when the body is shorter or longer than announced: a cut transfer.
 */
async function readBodyExactly(body: unknown, contentLength: number | undefined): Promise<Uint8Array> {
  if (body === null || typeof body !== 'object' || !(Symbol.asyncIterator in body)) throw new RangeError('the answer had no body');
  const chunks = body as AsyncIterable<Uint8Array>;
  if (contentLength === undefined) {
    const parts: Uint8Array[] = [];
    for await (const chunk of chunks) parts.push(chunk);
    const bytes = new Uint8Array(parts.reduce((sum, part) => sum + part.byteLength, 0));
    parts.reduce((offset, part) => (bytes.set(part, offset), offset + part.byteLength), 0);
    return bytes;
  }
  const bytes = new Uint8Array(contentLength);
  let offset = 0;
  for await (const chunk of chunks) {
    if (offset + chunk.byteLength > contentLength) throw new RangeError(`the object was longer than the ${contentLength} bytes announced`);
    bytes.set(chunk, offset);
    offset += chunk.byteLength;
  }
  if (offset !== contentLength) throw new RangeError(`the object ended after ${offset} of ${contentLength} bytes`);
  return bytes;
}
