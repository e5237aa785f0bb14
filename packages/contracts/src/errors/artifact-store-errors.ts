import { TabulaError } from './tabula-error.js';

// Cluster mode's artifact store as a whole (ARTIFACTS_URI, S3_ENDPOINT, the AWS credential chain): a setting that
// does not parse, and a store that cannot be used. A missing or bad key is in artifact-errors.ts. The store is
// shared by every replica, so when it fails every version read fails alike: 503, retried by the service and by
// its clients, never a 500 with a stack. Messages name the bucket and the endpoint, never a key id or a secret.

const ACCEPTED_URIS = 's3://bucket/prefix (an S3 bucket, the prefix optional) or file:///absolute/path (a folder every replica mounts)';
const MAX_SHOWN_CHARS = 200;

/** The value as the operator set it, without any user:password@ part a URI could carry, and cut to a readable length. */
const showUri = (received: string) => {
  const shown = received.replace(/^([A-Za-z][A-Za-z0-9+.-]*:\/\/)[^/?#]*@/, '$1***@');
  return JSON.stringify(shown.length > MAX_SHOWN_CHARS ? `${shown.slice(0, MAX_SHOWN_CHARS)}…` : shown);
};

/** 400 at start-up: ARTIFACTS_URI does not parse. `problem` says which part is wrong, as a sentence. */
export const artifactsUriInvalid = (received: string, problem: string) =>
  new TabulaError('INVALID_INPUT', `ARTIFACTS_URI ${showUri(received)} is not valid: ${problem}`, {
    hint: `Set ARTIFACTS_URI to ${ACCEPTED_URIS}.`,
  });

/** 503: the bucket named in ARTIFACTS_URI does not exist at the endpoint. */
export const artifactBucketMissing = (bucket: string, endpoint: string, cause?: unknown) =>
  new TabulaError('ARTIFACT_STORE_UNAVAILABLE', `The artifact bucket "${bucket}" does not exist at ${endpoint}.`, {
    hint: `Create the bucket "${bucket}", or correct the bucket in ARTIFACTS_URI; with S3_ENDPOINT set, check that it points at the store holding the bucket.`,
    cause,
  });

/** 503: the store refused the credentials the AWS chain found (unknown key, bad signature, expired token, denied). */
export const artifactCredentialsRefused = (bucket: string, endpoint: string, reason: string, cause?: unknown) =>
  new TabulaError('ARTIFACT_STORE_UNAVAILABLE', `The artifact store at ${endpoint} refused the service's credentials for bucket "${bucket}" (${reason}).`, {
    hint: 'Check AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY (or the profile or role the AWS credential chain uses), and that they may put, get and delete objects under the prefix.',
    cause,
  });

/** 503: no answer from the store's endpoint (refused, unknown host, timed out, reset), or the store answered 5xx. */
export const artifactStoreUnreachable = (endpoint: string, reason: string, cause?: unknown) =>
  new TabulaError('ARTIFACT_STORE_UNAVAILABLE', `The artifact store at ${endpoint} is unreachable (${reason}).`, {
    hint: 'Check S3_ENDPOINT (and S3_FORCE_PATH_STYLE for MinIO and most S3-compatible stores) and that the store is running; the service retries by itself.',
    retryAfterS: 5,
    cause,
  });
