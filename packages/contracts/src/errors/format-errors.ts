import { TabulaError, type TabulaErrorOptions } from './tabula-error.js';

// The errors of an upload's container: what kind of file it is (sniffed from its first bytes), its
// compression, and the JSON and Parquet readings. A CSV's own content is in csv-errors.ts.

const MB = 1024 * 1024;
const FORCE_HINT = 'If the detection is wrong, force the reading with the input_format form field or query parameter (csv, json, ndjson or parquet).';

/** 415 for a file that is none of the formats read (a spreadsheet, an archive, an unknown binary); `detected` says what it looks like. */
export const unsupportedFileFormat = (detected: string, hint?: string) =>
  new TabulaError('UNSUPPORTED_MEDIA_TYPE', `The uploaded file is ${detected}, which is not a format Tabula reads.`, {
    hint: hint ?? `Send CSV, JSON (an array of records), NDJSON or Parquet, plain or gzip-compressed. ${FORCE_HINT}`,
  });

/** 400 for a compressed upload that stops before its end (a cut download, a half-copied file). */
export const compressedStreamEndsEarly = (compression: string, bytes: number) =>
  new TabulaError('INVALID_INPUT', `The ${compression} stream ends early (after ${bytes} compressed bytes): the file was cut short.`, {
    hint: `Send the whole file; \`${compression === 'gzip' ? 'gzip -t' : 'zstd -t'} FILE\` checks it before an upload.`,
  });

/** 400 for compressed bytes the decoder refuses (a damaged file); `reason` is the decoder's own word. */
export const compressedStreamCorrupt = (compression: string, reason: string) =>
  new TabulaError('INVALID_INPUT', `The ${compression} stream is damaged: ${reason}.`, {
    hint: `Compress the file again (e.g. \`${compression === 'gzip' ? 'gzip -k' : 'zstd'} data.csv\`), or send it uncompressed.`,
  });

/** 413 for a compressed upload that unpacks past MAX_DECOMPRESSED_MB (a zip bomb stops here). */
export const decompressedTooLarge = (maxBytes: number) =>
  new TabulaError('PAYLOAD_TOO_LARGE', `The compressed upload unpacks to more than ${Math.round(maxBytes / MB)} MB, the limit (MAX_DECOMPRESSED_MB).`, {
    hint: 'Split the file, or have the operator raise MAX_DECOMPRESSED_MB.',
  });

/** 400 for a JSON array or NDJSON upload that is not a table of records; the message names the record or line. */
export const invalidJsonTable = (message: string, options?: TabulaErrorOptions) =>
  new TabulaError('INVALID_INPUT', message, {
    hint:
      'Send a JSON array of objects ([{"a": 1}, …]) or NDJSON (one object per line), with scalar values. The file was read as JSON because it ' +
      'starts with [ or {: a CSV that does must be sent with input_format=csv.',
    ...options,
  });

/** 413 for a JSON array past MAX_JSON_ARRAY_MB: it is parsed whole, unlike NDJSON. */
export const jsonArrayTooLarge = (maxBytes: number) =>
  new TabulaError('PAYLOAD_TOO_LARGE', `The JSON array is larger than ${Math.round(maxBytes / MB)} MB, the limit (MAX_JSON_ARRAY_MB) of a JSON array upload.`, {
    hint: 'Send it as NDJSON (one object per line, read line by line: `jq -c ".[]" data.json > data.ndjson`), or as CSV or Parquet.',
  });

/** 400 for a Parquet file that cannot be read (a corrupt page, a type that changes between row groups); the message says where. */
export const invalidParquet = (message: string, options?: TabulaErrorOptions) =>
  new TabulaError('INVALID_INPUT', message, {
    hint: 'Write the file again (e.g. pandas.DataFrame.to_parquet), with one type per column in every row group.',
    ...options,
  });
