import type { AccessCheck } from '../check-access.js';

/**
 * Where cluster mode keeps a version's artifact bytes (issue 14): an S3 bucket (`ARTIFACTS_URI=s3://bucket/prefix`)
 * or a folder every replica mounts (`ARTIFACTS_URI=file:///shared/models`). The registry database is the source of
 * truth: it records every key with its size and sha256, so nothing here needs listing, conditional writes or
 * read-after-write of a listing. A key is written once and never reused (it carries a fresh id, not just
 * name/version), read back whole and checked by the caller against the registry's sha256, and deleted only after
 * its registry row is gone.
 *
 * Keys are relative, '/'-separated, made of [A-Za-z0-9._~-] segments: implementations refuse anything else
 * (no '..', no leading '/'), so a key can never address something outside the store's prefix or folder.
 */
export interface ArtifactStore {
  /** What the store is, for logs and /ready messages: 's3://bucket/prefix' or 'file:///shared/models' (never credentials). */
  readonly description: string;
  /**
   * Stores `bytes` under `key`. The key must be new: writing a key twice is a caller bug, and a folder store refuses
   * it (S3 cannot, cheaply, so correctness never depends on that refusal). A reader never sees a partial object:
   * a folder store writes a temp file, fsyncs and renames; an S3 PUT is atomic.
   */
  put(key: string, bytes: Uint8Array): Promise<void>;
  /** The bytes under `key`, in a fresh ArrayBuffer of their own (so typed arrays can view them); ARTIFACT_MISSING when absent. */
  get(key: string): Promise<Uint8Array>;
  /**
   * put, streamed from the file at `path`: memory is a chunk whatever the size (issue 15: cluster mode stages a
   * training upload of gigabytes here). Same guarantees as put; an S3 object is one PUT, so at most 5 GB.
   */
  putFile(key: string, path: string): Promise<void>;
  /** get, streamed into a new file at `path` (refused if it exists); artifactMissing when absent. A cut transfer removes the file and throws. */
  getFile(key: string, path: string): Promise<void>;
  /** Removes `key`; a key already gone is not an error (deletes are retried after a crash). */
  delete(key: string): Promise<void>;
  /** Whether the store answers and accepts writes (a probe object written and removed), for /ready. */
  check(): Promise<AccessCheck>;
}
