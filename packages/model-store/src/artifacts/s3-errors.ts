import { artifactBucketMissing, artifactCredentialsRefused, artifactStoreUnreachable, TabulaError } from '@tabula/contracts';

/** What an S3 failure is told against: the bucket and a description of the endpoint, both safe to show. */
export interface S3Target {
  bucket: string;
  endpoint: string;
}

// S3 error names (the <Code> of its XML body, which the SDK sets as error.name) that mean the store does not accept
// who we are, rather than what we asked. A credential chain that finds nothing throws CredentialsProviderError.
const REFUSED_CREDENTIALS = new Set([
  'InvalidAccessKeyId',
  'SignatureDoesNotMatch',
  'AccessDenied',
  'ExpiredToken',
  'InvalidToken',
  'TokenRefreshRequired',
  'CredentialsProviderError',
]);

// Transport failures, by Node errno or by the SDK's timeout names: the store never answered.
const UNREACHABLE = new Set(['ECONNREFUSED', 'ECONNRESET', 'ENOTFOUND', 'EAI_AGAIN', 'ETIMEDOUT', 'EHOSTUNREACH', 'ENETUNREACH', 'EPIPE', 'TimeoutError', 'RequestTimeout']);

interface SdkError {
  name?: string;
  code?: string;
  message?: string;
  $metadata?: { httpStatusCode?: number };
}

const ERRNO_IN_MESSAGE = new RegExp(`\\b(${[...UNREACHABLE].filter((code) => code.startsWith('E')).join('|')})\\b`);

/**
 * The errno of a transport failure. The SDK keeps Node's error when it is an Error of its own realm, and otherwise
 * (seen under jest's vm modules) wraps it as "AWS SDK error wrapper for Error: connect ECONNREFUSED …", code lost:
 * the errno is then read from the message.
 */
const transportCode = ({ code, message }: SdkError) => code || ERRNO_IN_MESSAGE.exec(message ?? '')?.[1] || '';

/**
 * The TabulaError a failed S3 call stands for: bucket missing, credentials refused, or store unreachable (all 503
 * ARTIFACT_STORE_UNAVAILABLE, naming the bucket and endpoint; the SDK's error is kept as the cause, for the log,
 * and carries no secret either). Any other failure is returned as it came, for the error middleware's 500.
 * A missing key is not handled here: only get() knows that NoSuchKey means an absent artifact.
 */
export function translateS3Error(error: unknown, target: S3Target): unknown {
  if (error instanceof TabulaError) return error;
  const sdkError = (error ?? {}) as SdkError;
  const { name = '', $metadata } = sdkError;
  const code = transportCode(sdkError);
  const status = $metadata?.httpStatusCode;
  if (name === 'NoSuchBucket') return artifactBucketMissing(target.bucket, target.endpoint, error);
  if (REFUSED_CREDENTIALS.has(name) || status === 401 || status === 403) {
    return artifactCredentialsRefused(target.bucket, target.endpoint, name || `HTTP ${status}`, error);
  }
  if (UNREACHABLE.has(code) || UNREACHABLE.has(name)) return artifactStoreUnreachable(target.endpoint, code || name, error);
  if (status !== undefined && status >= 500) {
    return artifactStoreUnreachable(target.endpoint, `it answered HTTP ${status}${name ? ` ${name}` : ''}`, error);
  }
  return error;
}
