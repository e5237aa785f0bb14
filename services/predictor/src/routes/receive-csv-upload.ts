import { UPLOAD_TOO_LARGE_HINTS } from '@tabula/contracts';
import { receiveFileStream, spoolFile } from '@tabula/service-kit';
import type { Request } from 'express';
import type { CsvUpload } from '../domain/predict-csv-stream.js';
import { namesModelFirst, withoutBlanks } from './form-values.js';

/** Uploads up to this size are scored from memory; larger ones are spooled to UPLOAD_DIR first. */
const SPOOL_MEMORY_BYTES = 8 * 1024 * 1024;

export interface SpoolLimits {
  uploadDir: string;
  /** MAX_UPLOAD_MB in bytes: what a spooled file may hold. */
  maxUploadBytes: number;
}

/** The CSV of a multipart POST /predict, and the form fields that choose the model and options. */
export interface ReceivedCsvUpload extends Omit<CsvUpload, 'checkForm'> {
  /** The fields not left blank (for a spooled upload: all of them, the ones after the file too). */
  fields: Record<string, unknown>;
  /** Fields that arrived after a file read straight from the socket: too late to apply. */
  lateFieldNames(): string[];
  /** Deletes what spooling kept; call once the answer is done. */
  remove(): Promise<void>;
}

/**
 * Reads the form of a multipart POST /predict up to its file. A streamed answer reads the file
 * straight from the socket when the model is named before it (query string, or a form field
 * before the file). Otherwise, and for the JSON answer, the file is spooled (memory, then
 * UPLOAD_DIR; bounded by MAX_UPLOAD_MB) until the form ends, so that fields sent after the file, as
 * curl users type them, still choose the model.
 */
export async function receiveCsvUpload(req: Request, isStreamed: boolean, limits: SpoolLimits): Promise<ReceivedCsvUpload> {
  const upload = await receiveFileStream(req, 'input_file');
  if (isStreamed && namesModelFirst(req.query, upload.fields)) {
    return {
      fields: withoutBlanks(upload.fields),
      open: () => upload.file,
      lateFieldNames: () => Object.keys(upload.lateFields),
      finished: upload.finished,
      remove: async () => {},
    };
  }
  const spooled = await spoolFile(upload.file, {
    memoryBytes: SPOOL_MEMORY_BYTES,
    maxBytes: limits.maxUploadBytes,
    dir: limits.uploadDir,
    tooLargeHint: UPLOAD_TOO_LARGE_HINTS[isStreamed ? 'streamedAnswer' : 'jsonAnswer'],
  });
  try {
    await upload.finished;
  } catch (error) {
    await spooled.remove();
    throw error;
  }
  return {
    fields: withoutBlanks({ ...upload.fields, ...upload.lateFields }),
    open: () => spooled.chunks(),
    path: spooled.path,
    lateFieldNames: () => [],
    finished: upload.finished,
    remove: () => spooled.remove(),
  };
}
