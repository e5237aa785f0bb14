import { joinDetails } from './issues-to-details.js';
import { TabulaError, type ErrorCode, type ErrorDetail, type TabulaErrorOptions } from './tabula-error.js';

// The errors of a request's shape as a whole: its fields, its URL, its JSON body and its size. Upload (multipart)
// errors are in upload-errors.ts, the CSV's in csv-errors.ts.

/** 400 with a message the caller words; prefer a named constructor where one fits. */
export const invalidInput = (message: string, options?: TabulaErrorOptions) =>
  new TabulaError('INVALID_INPUT', message, options);

/**
 * One 4xx listing every bad field of a request part (`what`: "input", "prediction form", …) with what was wrong, so
 * that a client can fix them all at once. `code` is INVALID_INPUT unless the part has a code of its own.
 */
export const invalidFields = (what: string, details: ErrorDetail[], code: ErrorCode = 'INVALID_INPUT') =>
  new TabulaError(code, `Invalid ${what}: ${joinDetails(details)}.`, { details });

/**
 * A URL path segment whose `%` is not followed by two hex digits forming valid UTF-8 (`/models/%zz`): the router
 * cannot decode it, and the client, not the service, has to fix it.
 */
export const malformedPathEscape = (segment: string) =>
  new TabulaError('INVALID_INPUT', `The URL path segment "${segment.slice(0, 100)}" has a malformed percent-escape.`, {
    hint: 'Write "%" itself as %25, and escape other characters as %XX with two hex digits of their UTF-8 bytes (encodeURIComponent does both).',
    details: [{ path: 'path', message: 'malformed percent-escape' }],
  });

/** 404 for a method and path no router answers. */
export const routeNotFound = (method: string, path: string) =>
  new TabulaError('NOT_FOUND', `No route ${method} ${path}.`, {
    hint: 'See the API documentation at /docs.',
  });

/** 415 for a JSON route sent another content type; `accepted` names what it takes ("application/json"). */
export const jsonExpected = (accepted: string, contentType: string | undefined) =>
  new TabulaError('UNSUPPORTED_MEDIA_TYPE', `Expected ${accepted}, got "${contentType ?? 'no content type'}".`, {
    hint: `Send JSON with -H 'Content-Type: application/json' -d '{"feature": value}'.`,
  });

/** 400 for a JSON body JSON.parse refused; `reason` is the parser's own message. */
export const invalidJsonBody = (reason: string | undefined) =>
  new TabulaError('INVALID_INPUT', `The request body is not valid JSON: ${reason}.`, {
    hint: 'Send a JSON document with Content-Type: application/json.',
  });

/** 413 for a JSON body past the route's byte limit. */
export const jsonBodyTooLarge = () =>
  new TabulaError('PAYLOAD_TOO_LARGE', 'The request body is larger than this service accepts.', {
    hint: 'Send fewer records per request, or upload a CSV file instead.',
  });

/** INVALID_INPUT (400) for JSON nested deeper than the limit, naming what it was and the limit. */
export const jsonTooDeep = (what: string, maxDepth: number) =>
  new TabulaError('INVALID_INPUT', `${what} nests arrays and objects more than ${maxDepth} levels deep, which is more than Tabula reads.`, {
    hint: `Send flatter JSON: at most ${maxDepth} levels of nested arrays and objects.`,
    details: [{ path: what, message: `nested more than ${maxDepth} levels deep` }],
  });

/** PAYLOAD_TOO_LARGE for a JSON prediction body of more than MAX_JSON_ROWS rows. */
export const tooManyJsonRows = (nRows: number, maxRows: number) =>
  new TabulaError('PAYLOAD_TOO_LARGE', `The JSON body holds ${nRows} rows; the limit is ${maxRows} (MAX_JSON_ROWS).`, {
    hint: `Send at most ${maxRows} rows per JSON request, or upload them as a CSV file to POST /predict with format=csv or format=ndjson, which streams the answer whatever the file's length (or raise MAX_JSON_ROWS on the predictor if it has the memory).`,
    details: [{ path: 'MAX_JSON_ROWS', message: `${nRows} > ${maxRows}` }],
  });

/**
 * 500 for anything thrown that is not a TabulaError: a bug or a failure the code did not foresee. The client gets
 * this generic sentence; `cause` (with its stack) goes to the log with the request id.
 */
export const internalError = (cause: unknown) =>
  new TabulaError('INTERNAL', 'An internal error occurred. It has been logged with this request id.', { cause });
