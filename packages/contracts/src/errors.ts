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
  UPSTREAM_TIMEOUT: 'UPSTREAM_TIMEOUT',
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
  UPSTREAM_TIMEOUT: 504,
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

export const invalidInput = (message: string, options?: TabulaErrorOptions) =>
  new TabulaError('INVALID_INPUT', message, options);

export const invalidCsv = (message: string, options?: TabulaErrorOptions) =>
  new TabulaError('INVALID_CSV', message, options);

/**
 * A URL path segment whose `%` is not followed by two hex digits forming valid UTF-8 (`/models/%zz`): the router
 * cannot decode it, and the client, not the service, has to fix it.
 */
export const malformedPathEscape = (segment: string) =>
  new TabulaError('INVALID_INPUT', `The URL path segment "${segment.slice(0, 100)}" has a malformed percent-escape.`, {
    hint: 'Write "%" itself as %25, and escape other characters as %XX with two hex digits of their UTF-8 bytes (encodeURIComponent does both).',
    details: [{ path: 'path', message: 'malformed percent-escape' }],
  });

export const missingColumns = (columns: string[], available: string[]) =>
  new TabulaError(
    'MISSING_COLUMN',
    `The file lacks ${columns.length === 1 ? 'a column' : 'columns'} the model needs: ${columns.map((c) => `"${c}"`).join(', ')}.`,
    {
      hint: `Add ${columns.length === 1 ? 'it' : 'them'} to the file. Columns found: ${available.map((c) => `"${c}"`).join(', ') || '(none)'}.`,
      details: columns.map((c) => ({ path: c, message: 'required by the model, missing from the input' })),
    },
  );

export const modelNotFound = (name: string) =>
  new TabulaError('MODEL_NOT_FOUND', `No model named "${name}" exists.`, {
    hint: 'Train one with POST /train (form field model_name), or list models with GET /models.',
  });

export const jobNotFound = (id: string) =>
  new TabulaError('JOB_NOT_FOUND', `No training job "${id.slice(0, 100)}" is known to the trainer.`, {
    hint: 'Use the job_id POST /train?async=true answered. The trainer keeps finished jobs in memory for a day (the newest 1000) and forgets them when it restarts; GET /jobs lists the ones it knows.',
  });

export const versionNotFound = (name: string, version: string | number) =>
  new TabulaError('VERSION_NOT_FOUND', `Model "${name}" has no version ${version}.`, {
    hint: `List its versions with GET /models/${name}/versions.`,
  });

/** 408 from the gateway: a request body stopped, or came slower than it accepts. */
export const bodyTooSlow = (idleTimeoutMs: number, minBytesPerS: number) =>
  new TabulaError(
    'REQUEST_TIMEOUT',
    `The request body arrived too slowly: the gateway waits at most ${idleTimeoutMs} ms for more of it${minBytesPerS > 0 ? ` and needs ${minBytesPerS} bytes/s on average` : ''}.`,
    { hint: 'Send the body without pauses (a client slow to read a streamed answer is not counted), or ask the operator to raise BODY_IDLE_TIMEOUT_MS or lower BODY_MIN_BYTES_PER_S.' },
  );

/** 429 from the gateway: one client already has as many requests in flight as it may. */
export const tooManyInFlight = (limit: number) =>
  new TabulaError('TOO_MANY_REQUESTS', `This client already has ${limit} requests in flight through the gateway, the most one client may have.`, {
    hint: 'Wait for an answer before sending another request, or retry after Retry-After; the operator sets the share with UPSTREAM_MAX_PER_CLIENT.',
    retryAfterS: 1,
  });
