import { PredictFormSchema, invalidInput } from '@tabula/contracts';
import { UNREAD_BODY_DRAIN_BYTES, dropUnreadBody, errorBody, noteModel, parseInput, requestIdOf, toTabulaError } from '@tabula/service-kit';
import type { Request, Response } from 'express';
import { STREAM_CONTENT_TYPES, type StreamFormat } from '../domain/output-format.js';
import { predictCsvStream } from '../domain/predict-csv-stream.js';
import type { PredictDeps } from '../domain/predict-deps.js';
import type { ReceivedCsvUpload } from './receive-csv-upload.js';
import { setIgnoredColumnsHeader } from './ignored-columns-header.js';

/**
 * POST /predict with a CSV upload and a streamed answer (format=csv|ndjson): rows are scored and
 * written back as blocks of the file come in, so the answer never holds the whole file. The status
 * is decided by the first scored block; an error after that can only travel in-band (an NDJSON
 * error line) or, for CSV, as an aborted response.
 */
export async function streamPredictions(req: Request, res: Response, format: StreamFormat, upload: ReceivedCsvUpload, deps: PredictDeps): Promise<void> {
  let rows = 0;
  try {
    const form = parseInput(PredictFormSchema, { ...req.query, ...upload.fields }, 'prediction form');
    const checked = { ...upload, checkForm: () => refuseLateFields(upload.lateFieldNames()) };
    const { model, results } = await predictCsvStream({ upload: checked, form, format, log: req.log }, deps);
    noteModel(res, model);
    for await (const result of results) {
      if (!res.headersSent) {
        res.status(200).setHeader('content-type', STREAM_CONTENT_TYPES[format]);
        res.setHeader('x-model-name', model.name);
        res.setHeader('x-model-version', String(model.version));
        setIgnoredColumnsHeader(res, result.ignoredColumns);
        if (result.headerLine) res.write(result.headerLine);
      }
      rows += result.nRows;
      if (result.lines && !res.write(result.lines)) await drained(res);
      if (res.destroyed) return;
    }
    res.end();
  } catch (error) {
    if (!res.headersSent) throw error;
    const tabulaError = toTabulaError(error);
    req.log.warn({ err: error, code: tabulaError.code, rows_sent: rows }, 'streamed prediction stopped by an error');
    if (format === 'ndjson') {
      res.end(`${JSON.stringify(errorBody(tabulaError, requestIdOf(req)))}\n`);
      // The rest of the upload goes unscored: it is dropped, or the connection closed after the error line.
      dropUnreadBody(req, res, { maxBytes: UNREAD_BODY_DRAIN_BYTES });
    } else res.destroy(tabulaError);
  }
}

function refuseLateFields(names: string[]): void {
  if (names.length === 0) return;
  throw invalidInput(`The form fields ${names.map((n) => `"${n}"`).join(', ')} came after the file, which was already being scored with the model named before it.`, {
    hint: "Send every -F field before -F 'input_file=@…' (or as query parameters, e.g. /predict?format=csv&model_name=iris), or leave model_name out of the query and the fields before the file, so the upload is read whole before scoring.",
  });
}

/** Waits until the client has taken the data written so far, or has gone away. */
function drained(res: Response): Promise<void> {
  return new Promise((resolve) => {
    const done = () => {
      res.off('drain', done);
      res.off('close', done);
      resolve();
    };
    res.on('drain', done);
    res.on('close', done);
  });
}
