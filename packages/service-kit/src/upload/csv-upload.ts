import { rm } from 'node:fs/promises';
import { multipartExpected, noUploadedFile, type UploadedFileLabel } from '@tabula/contracts';
import type { Request, RequestHandler } from 'express';
import { UNREAD_BODY_DRAIN_BYTES, dropUnreadBody } from '../unread-body.js';
import { receiveFileStream } from './file-stream.js';
import { spoolFile } from './spool-file.js';

export interface CsvUploadOptions {
  /** The multipart field that carries the file, e.g. "dataset_file". */
  field: string;
  /** Where uploads are spooled; they are deleted when the response ends, unless kept (keepUploadedFile). */
  dir: string;
  maxBytes: number;
  /** How error hints name the file and show it in a curl -F example (default: the CSV, data.csv;type=text/csv). */
  describe?: UploadedFileLabel;
}

/**
 * Receives one upload to a temp file on disk (never the whole upload in memory) together with
 * the form's text fields, sent before or after the file, into req.body. It is receiveFileStream
 * and spoolFile with the file always on disk, for handlers that pass a path on (a training job, a
 * scoring worker). The file's content type is not trusted: curl sends octet-stream, and the CSV
 * reader decides by content. A refusal found while the upload comes in (past maxBytes, a file in
 * another field, a malformed form) is answered at once, and the rest of the body dropped. The temp
 * file is removed once the response has been sent, unless the handler took it over with
 * keepUploadedFile.
 */
export function csvUpload(options: CsvUploadOptions): RequestHandler {
  const file = options.describe;
  return async (req, res, next) => {
    if (!req.is('multipart/form-data')) {
      return next(multipartExpected(options.field, req.headers['content-type'], file));
    }
    // The response may close (a client gone) while the spool still writes: the path is then removed as soon as it is known.
    let isResponseClosed = false;
    res.on('close', () => {
      isResponseClosed = true;
      removeUpload(req);
    });
    try {
      const upload = await receiveFileStream(req, options.field, file);
      const spooled = await spoolFile(upload.file, { memoryBytes: 0, maxBytes: options.maxBytes, dir: options.dir });
      if (spooled.path !== undefined) spooledPaths.set(req, spooled.path);
      if (isResponseClosed) removeUpload(req);
      await upload.finished;
      req.body = Object.assign(Object.create(null) as Record<string, string>, upload.fields, upload.lateFields);
    } catch (error) {
      void dropUnreadBody(req, res, { maxBytes: UNREAD_BODY_DRAIN_BYTES });
      return next(error);
    }
    next();
  };
}

/** Where csvUpload spooled each request's file. */
const spooledPaths = new WeakMap<Request, string>();

/** Requests whose upload a handler has taken over, so it outlives the response. */
const keptUploads = new WeakSet<Request>();

function removeUpload(req: Request): void {
  const path = spooledPaths.get(req);
  if (path !== undefined && !keptUploads.has(req)) void rm(path, { force: true });
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
  const path = spooledPaths.get(req);
  if (!path) throw noUploadedFile();
  return path;
}
