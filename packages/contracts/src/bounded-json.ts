import { jsonTooDeep } from './errors/request-errors.js';

/**
 * How deeply arrays and objects may nest in any JSON a Tabula service reads: form fields, request
 * bodies, an import's header and its own stored files. Ours nest a few levels (metadata.json about
 * six); 64 leaves room for any honest client. V8's JSON.parse itself copes with any depth, but what
 * comes after it (structured clone to a worker thread, JSON.stringify, a recursive walk) overflows
 * the stack at a few thousand levels, which is a 500, or a lost worker, instead of a 400.
 */
export const JSON_MAX_DEPTH = 64;

export interface BoundedJsonOptions {
  /** Deepest nesting of arrays and objects accepted (default JSON_MAX_DEPTH). */
  maxDepth?: number;
  /** Names the text in the error, e.g. 'The request body' or 'model_params'. */
  what?: string;
}

const OPEN_BRACE = 0x7b;
const OPEN_BRACKET = 0x5b;
const CLOSE_BRACE = 0x7d;
const CLOSE_BRACKET = 0x5d;
const QUOTE = 0x22;
const BACKSLASH = 0x5c;

/**
 * Whether JSON text nests arrays and objects more than `maxDepth` deep. One pass over UTF-8 bytes
 * (whose multi-byte sequences never hold an ASCII byte), with no recursion and no allocation, so it
 * is safe on any input; brackets inside strings are skipped. Bytes rather than a string because
 * request bodies and export files arrive as bytes, and a typed-array loop is several times faster
 * than charCodeAt. Text that is not JSON gets some answer here and is refused by JSON.parse after.
 */
export function isJsonDeeperThan(bytes: Uint8Array, maxDepth: number): boolean {
  let depth = 0;
  let isInString = false;
  for (let i = 0; i < bytes.length; i++) {
    const code = bytes[i];
    if (isInString) {
      if (code === BACKSLASH) i++;
      else if (code === QUOTE) isInString = false;
    } else if (code === QUOTE) {
      isInString = true;
    } else if (code === OPEN_BRACE || code === OPEN_BRACKET) {
      if (++depth > maxDepth) return true;
    } else if (code === CLOSE_BRACE || code === CLOSE_BRACKET) {
      depth--;
    }
  }
  return false;
}

/**
 * JSON.parse behind a depth check: the one way Tabula reads JSON it did not build in the same
 * process. Bytes are read as UTF-8 (invalid UTF-8 is a SyntaxError). Throws jsonTooDeep (a
 * TabulaError) for text nested too deeply, and a SyntaxError for text that is not JSON, so callers
 * keep their own wording for that.
 */
export function parseJsonBounded(text: string | Uint8Array, { maxDepth = JSON_MAX_DEPTH, what = 'The JSON' }: BoundedJsonOptions = {}): unknown {
  const bytes = typeof text === 'string' ? new TextEncoder().encode(text) : text;
  if (isJsonDeeperThan(bytes, maxDepth)) throw jsonTooDeep(what, maxDepth);
  return JSON.parse(typeof text === 'string' ? text : decodeUtf8(text)) as unknown;
}

function decodeUtf8(bytes: Uint8Array): string {
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    throw new SyntaxError('The JSON is not valid UTF-8');
  }
}
