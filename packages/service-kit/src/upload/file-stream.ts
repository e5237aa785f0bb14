import type { Readable } from 'node:stream';
import {
  fileFieldMissing,
  formCutOff,
  formFieldTooLong,
  multipartStreamUnreadable,
  oneFilePerRequest,
  tooManyFormFields,
  unexpectedFileField,
  type TabulaError,
  type UploadedFileLabel,
} from '@tabula/contracts';
import busboy from 'busboy';
import type { Request } from 'express';

/** A multipart upload whose file is read as it arrives, never spooled to disk or held in memory. */
export interface FileStreamUpload {
  /** The text fields sent before the file. */
  fields: Record<string, string>;
  file: Readable;
  /** Text fields that arrived after the file: too late to change how a stream is read, fine for a spooled one. */
  lateFields: Record<string, string>;
  /** Settles once the whole form has been read (after the file has been consumed). */
  finished: Promise<void>;
}

const MAX_FIELDS = 50;
const MAX_FIELD_BYTES = 1024 * 1024;

/**
 * The one multipart reader of the services (busboy): every upload, streamed or spooled (csvUpload),
 * comes through here, so each route refuses a bad form with the same 400s.
 *
 * Resolves as soon as the file part `field` starts, with the text fields that came before it.
 * Rejects with a 400 when the form ends without that file, carries another file, or is malformed.
 * Fields after the file are collected apart in `lateFields`: a caller that streams the file cannot
 * wait for them and refuses them (clients put fields first, as curl sends -F parts in order, or use
 * query parameters); a caller that spools the file reads them once the form has ended. A field
 * past the limits (50 fields, 1 MB each) is refused rather than silently dropped or cut short.
 * Nothing here drains the request after a refusal: the caller answers, then drops the rest
 * (dropUnreadBody), as it alone knows whether the answer has gone out.
 */
export function receiveFileStream(req: Request, field: string, describe?: UploadedFileLabel): Promise<FileStreamUpload> {
  return new Promise((resolve, reject) => {
    // No prototype: a field named __proto__ or constructor is just a field.
    const fields: Record<string, string> = Object.create(null) as Record<string, string>;
    const lateFields: Record<string, string> = Object.create(null) as Record<string, string>;
    let fileSeen = false;
    // Once refused, a file part that still comes is drained, so the parser is never stalled by it.
    let isRefused = false;
    let currentFile: Readable | undefined;
    let settleFinished: (error?: unknown) => void = () => {};
    const finished = new Promise<void>((resolveFinished, rejectFinished) => {
      settleFinished = (error) => (error ? rejectFinished(error) : resolveFinished());
    });
    finished.catch(() => {});

    let parser: busboy.Busboy;
    try {
      parser = busboy({ headers: req.headers, limits: { files: 1, fields: MAX_FIELDS, fieldSize: MAX_FIELD_BYTES } });
    } catch (error) {
      reject(multipartStreamUnreadable(error, field, describe));
      return;
    }
    // A client that goes away mid-form: the parser would wait for the rest forever, and whoever
    // reads the file with it (a spool, with its temp file) would never finish.
    req.once('close', () => {
      if (req.complete) return;
      const gone = formCutOff();
      currentFile?.destroy(gone);
      reject(gone);
      settleFinished(gone);
    });
    // A refusal before the file rejects the upload; after it, the form's end (`finished`).
    const refuse = (error: TabulaError) => {
      if (fileSeen) return settleFinished(error);
      isRefused = true;
      reject(error);
    };
    parser.on('field', (name, value, info) => {
      if (info.valueTruncated) return refuse(formFieldTooLong(name, MAX_FIELD_BYTES));
      (fileSeen ? lateFields : fields)[name] = value;
    });
    parser.on('fieldsLimit', () => refuse(tooManyFormFields(MAX_FIELDS)));
    parser.on('file', (name, file) => {
      // The part errors when the form is cut off inside it. Whoever reads the file sees that error
      // through its read; this listener only keeps an error that comes while nobody reads (the
      // model is still being resolved, say) from being unhandled, which would end the process.
      file.on('error', () => {});
      currentFile = file;
      if (name !== field || fileSeen || isRefused) {
        file.resume();
        if (isRefused) return;
        refuse(unexpectedFileField(name, field, describe));
        return;
      }
      fileSeen = true;
      resolve({ fields, file, lateFields, finished });
    });
    parser.on('filesLimit', () => settleFinished(oneFilePerRequest()));
    parser.on('error', (error) => {
      const wrapped = multipartStreamUnreadable(error, field, describe);
      reject(wrapped);
      settleFinished(wrapped);
    });
    parser.on('close', () => {
      if (!fileSeen) {
        reject(fileFieldMissing(field, describe));
      }
      settleFinished();
    });
    req.pipe(parser);
  });
}
