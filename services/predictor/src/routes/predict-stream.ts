import { PredictFormSchema, invalidInput } from '@tabula/contracts';
import { dropUnreadBody, errorBody, noteModel, parseInput, requestIdOf, toTabulaError } from '@tabula/service-kit';
import type { Request, Response } from 'express';
import { STREAM_CONTENT_TYPES, type StreamFormat } from '../domain/output-format.js';
import type { CsvLimits } from '../domain/csv-limits.js';
import { scoreCsvStream } from '../domain/predict-csv.js';
import type { PredictorMetrics } from '../scoring/predictor-metrics.js';
import type { Scorer } from '../scoring/scorer.js';
import { withoutBlanks } from './form-values.js';
import { setIgnoredColumnsHeader } from './ignored-columns-header.js';

/** A CSV upload to stream predictions from: read straight from the socket, or spooled first. */
export interface StreamedUpload {
  /** The form fields that choose the model and options (for a spooled upload: all of them). */
  fields: Record<string, unknown>;
  /** Opens the file's bytes, once. */
  open(): AsyncIterable<Uint8Array>;
  /** Fields that arrived after a file read straight from the socket: too late to apply. */
  lateFieldNames(): string[];
  /** Settles once the whole form has been read. */
  finished: Promise<void>;
}

/**
 * After an answer given before the whole upload arrived (an early error), how much more of it is
 * read and dropped before reading stops and the connection is closed (a second later). The gateway
 * stops sending and hangs up as soon as it has the answer, so this bounds direct callers.
 */
export const UNREAD_BODY_DRAIN_BYTES = 4 * 1024 * 1024;

export interface StreamDeps {
  scorer: Scorer;
  metrics: PredictorMetrics;
  csvLimits: CsvLimits;
}

/**
 * POST /predict with a CSV upload and a streamed answer (format=csv|ndjson): rows are scored and
 * written back as blocks of the file come in, so the answer never holds the whole file. The status
 * is decided by the first scored block; an error after that can only travel in-band (an NDJSON
 * error line) or, for CSV, as an aborted response.
 */
export async function streamPredictions(req: Request, res: Response, format: StreamFormat, upload: StreamedUpload, deps: StreamDeps): Promise<void> {
  let rows = 0;
  try {
    const form = parseInput(PredictFormSchema, { ...req.query, ...withoutBlanks(upload.fields) }, 'prediction form');
    const model = await deps.scorer.resolve(form.model_name, form.model_version);
    noteModel(res, model);
    const scoring = { model, columnsToDrop: form.columns_to_drop, returnProba: form.return_proba, format };
    for await (const result of scoreCsvStream(upload.open(), scoring, deps.scorer, deps.csvLimits)) {
      if (!res.headersSent) {
        refuseLateFields(upload.lateFieldNames());
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
    await upload.finished;
    refuseLateFields(upload.lateFieldNames());
    req.log.info({ model_name: model.name, model_version: model.version, rows, format }, 'predicted');
    deps.metrics.predicted(model, rows);
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
