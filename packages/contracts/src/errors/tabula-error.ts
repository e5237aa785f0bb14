/** Every error code a Tabula service can answer with. */
export const ERROR_CODES = {
  INVALID_INPUT: 'INVALID_INPUT',
  INVALID_CSV: 'INVALID_CSV',
  INVALID_PARAMS: 'INVALID_PARAMS',
  MISSING_COLUMN: 'MISSING_COLUMN',
  INVALID_VALUE: 'INVALID_VALUE',
  UNAUTHORIZED: 'UNAUTHORIZED',
  FORBIDDEN: 'FORBIDDEN',
  NOT_FOUND: 'NOT_FOUND',
  MODEL_NOT_FOUND: 'MODEL_NOT_FOUND',
  VERSION_NOT_FOUND: 'VERSION_NOT_FOUND',
  JOB_NOT_FOUND: 'JOB_NOT_FOUND',
  JOB_CANCELLED: 'JOB_CANCELLED',
  TIME_LIMIT_EXCEEDED: 'TIME_LIMIT_EXCEEDED',
  ALIAS_NOT_FOUND: 'ALIAS_NOT_FOUND',
  CONFLICT: 'CONFLICT',
  NO_SERVABLE_VERSION: 'NO_SERVABLE_VERSION',
  PAYLOAD_TOO_LARGE: 'PAYLOAD_TOO_LARGE',
  UNSUPPORTED_MEDIA_TYPE: 'UNSUPPORTED_MEDIA_TYPE',
  TOO_MANY_REQUESTS: 'TOO_MANY_REQUESTS',
  REQUEST_TIMEOUT: 'REQUEST_TIMEOUT',
  INTERNAL: 'INTERNAL',
  MODEL_CORRUPT: 'MODEL_CORRUPT',
  NOT_IMPLEMENTED: 'NOT_IMPLEMENTED',
  UPSTREAM_UNAVAILABLE: 'UPSTREAM_UNAVAILABLE',
  UPSTREAM_CIRCUIT_OPEN: 'UPSTREAM_CIRCUIT_OPEN',
  MODEL_NOT_READY: 'MODEL_NOT_READY',
  REGISTRY_UNAVAILABLE: 'REGISTRY_UNAVAILABLE',
  UPSTREAM_TIMEOUT: 'UPSTREAM_TIMEOUT',
  ARTIFACT_STORE_UNAVAILABLE: 'ARTIFACT_STORE_UNAVAILABLE',
  UNSUPPORTED_ENCODING: 'UNSUPPORTED_ENCODING',
  AMBIGUOUS_CSV_DIALECT: 'AMBIGUOUS_CSV_DIALECT',
} as const;

export type ErrorCode = (typeof ERROR_CODES)[keyof typeof ERROR_CODES];

/** The one code → HTTP status table; a new code without a status does not compile. */
export const ERROR_STATUS = {
  INVALID_INPUT: 400,
  INVALID_CSV: 400,
  INVALID_PARAMS: 400,
  MISSING_COLUMN: 422,
  INVALID_VALUE: 422,
  UNAUTHORIZED: 401,
  FORBIDDEN: 403,
  NOT_FOUND: 404,
  MODEL_NOT_FOUND: 404,
  VERSION_NOT_FOUND: 404,
  JOB_NOT_FOUND: 404,
  /** A training stopped by DELETE /jobs/{id} or by its client's disconnect, as a waiting /train hears it. */
  JOB_CANCELLED: 409,
  /** A training stopped at TRAIN_MAX_SECONDS: like the size caps, the work asked for is more than the trainer allows. */
  TIME_LIMIT_EXCEEDED: 413,
  ALIAS_NOT_FOUND: 404,
  CONFLICT: 409,
  NO_SERVABLE_VERSION: 409,
  PAYLOAD_TOO_LARGE: 413,
  UNSUPPORTED_MEDIA_TYPE: 415,
  TOO_MANY_REQUESTS: 429,
  /** The gateway gave up on a request body that stalled or trickled. */
  REQUEST_TIMEOUT: 408,
  INTERNAL: 500,
  MODEL_CORRUPT: 500,
  NOT_IMPLEMENTED: 501,
  UPSTREAM_UNAVAILABLE: 502,
  /** The gateway's circuit breaker refuses at once while an upstream is known to be down. */
  UPSTREAM_CIRCUIT_OPEN: 503,
  MODEL_NOT_READY: 503,
  /** Cluster mode: the registry database (DATABASE_URL) cannot be reached or refuses the service's credentials. */
  REGISTRY_UNAVAILABLE: 503,
  UPSTREAM_TIMEOUT: 504,
  /** Cluster mode: the artifact store (ARTIFACTS_URI) is unreachable, has no such bucket, or refuses the credentials. */
  ARTIFACT_STORE_UNAVAILABLE: 503,
  /** A text upload in an encoding we do not read unless told (not UTF-8, UTF-16 without a byte order mark). */
  UNSUPPORTED_ENCODING: 415,
  /** A CSV whose first lines fit two delimiters, or two decimal separators, equally well: csv_options settles it. */
  AMBIGUOUS_CSV_DIALECT: 422,
} as const satisfies Record<ErrorCode, number>;

/** One problem with one part of a request, in zod's issue shape. */
export interface ErrorDetail {
  path: string;
  message: string;
}

export interface TabulaErrorOptions {
  hint?: string;
  details?: ErrorDetail[];
  cause?: unknown;
  /** When to try again, in seconds: sent as the Retry-After header (429, 503). */
  retryAfterS?: number;
}

/**
 * The one error type of Tabula. `message` says what is wrong and how to fix it; `cause` is logged,
 * never sent to a client.
 */
export class TabulaError extends Error {
  readonly code: ErrorCode;
  readonly hint?: string;
  readonly details?: ErrorDetail[];
  readonly retryAfterS?: number;

  constructor(code: ErrorCode, message: string, options: TabulaErrorOptions = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = 'TabulaError';
    this.code = code;
    this.hint = options.hint;
    this.details = options.details;
    this.retryAfterS = options.retryAfterS;
  }

  get status(): number {
    return ERROR_STATUS[this.code];
  }
}

export function isTabulaError(error: unknown): error is TabulaError {
  return error instanceof TabulaError;
}

/** A TabulaError as it crosses a worker thread's message port: structured clone keeps no class. */
export interface SerializedTabulaError {
  code: ErrorCode;
  message: string;
  hint?: string;
  details?: ErrorDetail[];
}

/** The TabulaError a worker thread flattened, rebuilt on the main thread with its code, text and details. */
export const reviveTabulaError = ({ code, message, hint, details }: SerializedTabulaError): TabulaError =>
  new TabulaError(code, message, { hint, details });
