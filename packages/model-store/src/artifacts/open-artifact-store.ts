import type { ArtifactStore } from './artifact-store.js';
import { openFileArtifacts } from './file-artifacts.js';
import { parseArtifactsUri } from './parse-artifacts-uri.js';
import type { S3ConnectionOptions } from './s3-artifacts.js';

/**
 * The ArtifactStore ARTIFACTS_URI names: `s3://bucket/prefix` over S3 or an S3-compatible store reached with `s3`
 * (S3_ENDPOINT, S3_FORCE_PATH_STYLE, region and credentials, parsed by the caller's config), or `file:///abs/path`
 * over a folder every replica mounts. A URI that does not parse rejects with artifactsUriInvalid (400) before
 * anything is opened. Opening makes no request: call check() to learn whether the store answers.
 *
 * The S3 module is imported here, on demand: the AWS SDK adds about 0.2–0.3 s and 7 MB to every process (and every
 * worker thread) that imports @tabula/model-store, which the embedded default, with no ARTIFACTS_URI, never needs.
 */
export async function openArtifactStore(uri: string, s3: S3ConnectionOptions): Promise<ArtifactStore> {
  const location = parseArtifactsUri(uri);
  if (location.kind === 's3') {
    const { openS3Artifacts } = await import('./s3-artifacts.js');
    return openS3Artifacts({ ...s3, bucket: location.bucket, prefix: location.prefix });
  }
  return openFileArtifacts(location.root);
}
