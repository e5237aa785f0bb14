import { mkdirSync } from 'node:fs';
import { rm } from 'node:fs/promises';
import { TabulaError } from '@tabula/contracts';
import type { Request, RequestHandler } from 'express';
import multer from 'multer';

export interface CsvUploadOptions {
  /** The multipart field that carries the file, e.g. "dataset_file". */
  field: string;
  /** Where uploads are spooled; they are deleted when the response ends, unless kept (keepUploadedFile). */
  dir: string;
  maxBytes: number;
  /** Whether a request without the file is allowed (JSON predict later on). */
  isOptional?: boolean;
  /** How error hints name the file and show it in a curl -F example (default: the CSV, data.csv;type=text/csv). */
  describe?: { what: string; example: string };
}

const CSV_FILE = { what: 'the CSV', example: 'data.csv;type=text/csv' };

/**
 * Receives one CSV upload to a temp file on disk (never the whole upload in memory) together with
 * the form's text fields. The file's content type is not trusted: curl sends octet-stream, and the
 * CSV reader decides by content. The temp file is removed once the response has been sent, unless
 * the handler took it over with keepUploadedFile.
 */
export function csvUpload(options: CsvUploadOptions): RequestHandler {
  mkdirSync(options.dir, { recursive: true });
  const receive = multer({
    dest: options.dir,
    limits: { fileSize: options.maxBytes, files: 1, fields: 50, fieldSize: 1024 * 1024 },
  }).single(options.field);

  const file = options.describe ?? CSV_FILE;
  return (req, res, next) => {
    if (!req.is('multipart/form-data')) {
      return next(
        new TabulaError('UNSUPPORTED_MEDIA_TYPE', `Expected a multipart/form-data upload, got "${req.headers['content-type'] ?? 'no content type'}".`, {
          hint: `Send ${file.what} as a form field, e.g. curl -F '${options.field}=@${file.example}' …`,
        }),
      );
    }
    res.on('close', () => removeUpload(req));
    receive(req, res, (error?: unknown) => {
      if (error) return next(error);
      if (!req.file && !options.isOptional) {
        return next(
          new TabulaError('INVALID_INPUT', `No file was sent in the form field "${options.field}".`, {
            hint: `Attach ${file.what} as ${options.field}, e.g. curl -F '${options.field}=@${file.example}' …`,
            details: [{ path: options.field, message: 'required' }],
          }),
        );
      }
      req.body ??= {};
      next();
    });
  };
}

/** Requests whose upload a handler has taken over, so it outlives the response. */
const keptUploads = new WeakSet<Request>();

function removeUpload(req: Request): void {
  if (req.file?.path && !keptUploads.has(req)) void rm(req.file.path, { force: true });
}

/**
 * Takes over this request's spooled file, for work that goes on after the response (a training
 * job answered with 202): csvUpload no longer removes it, and the caller must once done with it.
 */
export function keepUploadedFile(req: Request): string {
  const path = uploadedFilePath(req);
  keptUploads.add(req);
  return path;
}

/** Where csvUpload spooled this request's file. */
export function uploadedFilePath(req: Request): string {
  const path = req.file?.path;
  if (!path) throw new TabulaError('INVALID_INPUT', 'No file was uploaded with this request.');
  return path;
}
