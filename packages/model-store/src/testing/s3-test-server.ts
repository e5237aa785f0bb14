import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import S3rver from 's3rver';
import type { S3ArtifactsOptions } from '../artifacts/s3-artifacts.js';
import { makeWholeWrites } from './s3rver-whole-writes.js';

/**
 * A real S3 API for tests: s3rver (an S3 server written in Node, keeping objects in a temp dir), on a free port of
 * 127.0.0.1, driven through the real @aws-sdk/client-s3 over HTTP. It stands in for S3 and MinIO in tests only.
 *
 * What it checks, and what it does not: it answers NoSuchBucket and NoSuchKey as S3 does, and refuses an access key
 * id it does not know (InvalidAccessKeyId, 403); it does NOT verify SigV4 signatures, so a wrong secret key is
 * accepted. Only the known key id below works.
 */
export interface S3TestServer {
  /** 'http://127.0.0.1:<port>', for S3_ENDPOINT. */
  endpoint: string;
  /** The bucket created at start. */
  bucket: string;
  /** The one key pair s3rver knows (its built-in account). */
  credentials: { accessKeyId: string; secretAccessKey: string };
  /** Options for openS3Artifacts on this server: its bucket, path-style, the known credentials, one attempt per call. */
  storeOptions(prefix?: string): S3ArtifactsOptions;
  stop(): Promise<void>;
}

export const S3_TEST_CREDENTIALS = { accessKeyId: 'S3RVER', secretAccessKey: 'S3RVER' } as const;

/** Starts s3rver with `bucket` created; call stop() in afterAll (it closes the server and removes its objects). */
export async function startS3TestServer(bucket = 'tabula-test'): Promise<S3TestServer> {
  const directory = await mkdtemp(join(tmpdir(), 'tabula-s3rver-'));
  const server = new S3rver({ address: '127.0.0.1', port: 0, silent: true, directory, configureBuckets: [{ name: bucket, configs: [] }] });
  makeWholeWrites(server);
  let address;
  try {
    address = await server.run();
  } catch (error) {
    await rm(directory, { recursive: true, force: true });
    throw error;
  }
  const endpoint = `http://127.0.0.1:${address.port}`;
  return {
    endpoint,
    bucket,
    credentials: { ...S3_TEST_CREDENTIALS },
    storeOptions: (prefix = '') => ({
      bucket,
      prefix,
      endpoint,
      forcePathStyle: true,
      region: 'us-east-1',
      credentials: { ...S3_TEST_CREDENTIALS },
      // One attempt: a test that expects a failure gets it at once, and s3rver on loopback has no throttling to retry.
      maxAttempts: 1,
    }),
    async stop() {
      await server.close();
      await rm(directory, { recursive: true, force: true });
    },
  };
}
