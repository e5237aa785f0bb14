import { TabulaError } from './tabula-error.js';

// The errors of a multipart/form-data upload: its content type, its file part and its size.

/** How hints name an uploaded file and show it in a curl -F example. */
export interface UploadedFileLabel {
  what: string;
  example: string;
}

const CSV_FILE: UploadedFileLabel = { what: 'the CSV', example: 'data.csv;type=text/csv' };
const MB = 1024 * 1024;

/** 415 for an upload route sent something other than a multipart form. */
export const multipartExpected = (field: string, contentType: string | undefined, file: UploadedFileLabel = CSV_FILE) =>
  new TabulaError('UNSUPPORTED_MEDIA_TYPE', `Expected a multipart/form-data upload, got "${contentType ?? 'no content type'}".`, {
    hint: `Send ${file.what} as a form field, e.g. curl -F '${field}=@${file.example}' …`,
  });

/** 400 for a form without its file part. */
export const fileFieldMissing = (field: string, file: UploadedFileLabel = CSV_FILE) =>
  new TabulaError('INVALID_INPUT', `No file was sent in the form field "${field}".`, {
    hint: `Attach ${file.what} as ${field}, e.g. curl -F '${field}=@${file.example}' …`,
    details: [{ path: field, message: 'required' }],
  });

/** 400 for a file part under another name than the route's `expected` one, or a second one. */
export const unexpectedFileField = (name: string, expected: string, file: UploadedFileLabel = CSV_FILE) =>
  new TabulaError('INVALID_INPUT', `Unexpected file field "${name}".`, {
    hint: `Send ${file.what} once, as ${expected}, e.g. curl -F '${expected}=@${file.example}' …`,
  });

/** 400 for a form with more than one file. */
export const oneFilePerRequest = () => new TabulaError('INVALID_INPUT', 'Send one file per request.');

/** 400 (no one hears it) for a client that went away before its form ended. */
export const formCutOff = () =>
  new TabulaError('INVALID_INPUT', 'The connection closed before the multipart form was complete.', {
    hint: 'Send the whole form; a client that gives up on a request needs no answer.',
  });

const unreadableForm = (error: unknown, hint?: string) =>
  new TabulaError('INVALID_INPUT', `The multipart form could not be read: ${(error as Error).message}.`, { hint, cause: error });

/** 400 for a form cut short or without a boundary, as the upload parsers report it. */
export const multipartIncomplete = (error: unknown) =>
  unreadableForm(
    error,
    "Send a complete multipart/form-data body, as curl -F does: -F 'dataset_file=@data.csv' for /train, -F 'input_file=@data.csv' for /predict and /monitoring.",
  );

/** 400 for a form the upload reader cannot read (a missing or wrong boundary, say), with the route's file field in the hint. */
export const multipartStreamUnreadable = (error: unknown, field = 'input_file', file: UploadedFileLabel = CSV_FILE) =>
  unreadableForm(error, `Send the request as multipart/form-data, e.g. curl -F '${field}=@${file.example}'.`);

/** 400 for a text field past the form's field size: refused rather than cut short. */
export const formFieldTooLong = (name: string, maxBytes: number) =>
  new TabulaError('INVALID_INPUT', `The form field "${name.slice(0, 100)}" is longer than ${maxBytes / MB} MB.`, {
    hint: 'Form fields carry short options; send the data itself as the file.',
    details: [{ path: name.slice(0, 100), message: `longer than ${maxBytes} bytes` }],
  });

/** 400 for a form with more text fields than a route reads: refused rather than some dropped. */
export const tooManyFormFields = (maxFields: number) =>
  new TabulaError('INVALID_INPUT', `The form has more than ${maxFields} fields.`, { hint: 'Send only the documented fields (see /docs).' });

/** 400 for a route that needs the uploaded file when the request had none. */
export const noUploadedFile = () => new TabulaError('INVALID_INPUT', 'No file was uploaded with this request.');

/** 413 for a spooled upload past `maxBytes`; a route that can take the file another way says so in `hint`. */
/** What a client can do about a spooled upload over MAX_UPLOAD_MB, by what it asked for. */
export const UPLOAD_TOO_LARGE_HINTS = {
  /** A file a handler needs whole on disk (training, monitoring, import). */
  file: 'Split the file, or raise MAX_UPLOAD_MB on the service.',
  /** A multipart /predict answered with JSON, which needs the whole file before it answers. */
  jsonAnswer:
    'Split the file, ask for a streamed answer (format=csv or ndjson) with model_name in the query string, which reads the file without a size limit, or raise MAX_UPLOAD_MB.',
  /** A streamed /predict answer whose model was named after the file, so the file had to be spooled. */
  streamedAnswer:
    "A streamed answer reads the file straight from the upload, with no size limit, when the model is named before the file: put model_name in the query string (/predict?format=csv&model_name=…) or send -F model_name=… before -F 'input_file=@…'. Or raise MAX_UPLOAD_MB.",
} as const;

export const spooledUploadTooLarge = (maxBytes: number, hint: string = UPLOAD_TOO_LARGE_HINTS.file) =>
  new TabulaError('PAYLOAD_TOO_LARGE', `The uploaded file is larger than this service accepts (${Math.round(maxBytes / MB)} MB).`, { hint });
