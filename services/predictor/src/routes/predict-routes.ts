import { PredictFormSchema, PredictFormatQuerySchema, PredictQuerySchema } from '@tabula/contracts';
import { dropUnreadBody, jsonBody, noteModel, parseInput, receiveFileStream, spoolFile } from '@tabula/service-kit';
import { Router, type Request, type RequestHandler, type Response } from 'express';
import type { BodyShape } from '../domain/decode-predict-body.js';
import { outputFormatOf } from '../domain/output-format.js';
import type { CsvLimits } from '../domain/csv-limits.js';
import { predictCsvToJson } from '../domain/predict-csv.js';
import { checkJsonRowCount } from '../domain/count-json-rows.js';
import { predictJson } from '../domain/predict-json.js';
import type { PredictorMetrics } from '../scoring/predictor-metrics.js';
import type { Scorer } from '../scoring/scorer.js';
import { namesModelFirst, withoutBlanks } from './form-values.js';
import { setIgnoredColumnsHeader } from './ignored-columns-header.js';
import { UNREAD_BODY_DRAIN_BYTES, streamPredictions } from './predict-stream.js';

export interface PredictRoutesDeps {
  scorer: Scorer;
  metrics: PredictorMetrics;
  uploadDir: string;
  maxUploadBytes: number;
  maxJsonBytes: number;
  /** MAX_ROWS and MAX_COLUMNS; MAX_ROWS bounds JSON answers, which hold every prediction. */
  csvLimits: CsvLimits;
  /** MAX_STREAMED_ROWS: rows of a streamed answer, whose memory stays flat; 0 for no limit. */
  maxStreamedRows: number;
  /** MAX_JSON_ROWS: rows of a JSON body (POST /predict, /predict_batch), counted before they are decoded. */
  maxJsonRows: number;
}

/** Uploads up to this size are scored from memory; larger ones are spooled to UPLOAD_DIR first. */
const SPOOL_MEMORY_BYTES = 8 * 1024 * 1024;

const TOO_LARGE_HINTS = {
  json: 'Split the file, ask for a streamed answer (format=csv or ndjson) with model_name in the query string, which reads the file without a size limit, or raise MAX_UPLOAD_MB.',
  stream:
    "A streamed answer reads the file straight from the upload, with no size limit, when the model is named before the file: put model_name in the query string (/predict?format=csv&model_name=…) or send -F model_name=… before -F 'input_file=@…'. Or raise MAX_UPLOAD_MB.",
} as const;

/**
 * POST /predict routes by content type (multipart → CSV, JSON → records) and, for CSV, by the
 * answer asked for. A streamed answer (CSV/NDJSON) reads the file straight from the socket when the
 * model is named before it (query string, or a form field before the file). Otherwise, and for the
 * JSON answer, the file is spooled (memory, then UPLOAD_DIR; bounded by MAX_UPLOAD_MB) until the
 * form ends, so that fields sent after the file, as curl users type them, still choose the model.
 */
export function predictRoutes({ scorer, metrics, uploadDir, maxUploadBytes, maxJsonBytes, csvLimits, maxStreamedRows, maxJsonRows }: PredictRoutesDeps): Router {
  const router = Router();
  const streamDeps = { scorer, metrics, csvLimits: { ...csvLimits, maxRows: maxStreamedRows > 0 ? maxStreamedRows : Number.POSITIVE_INFINITY } };
  router.post('/predict', onlyMultipart, async (req, res) => {
    try {
      await predictCsv(req, res);
    } catch (error) {
      // Answered before the upload was read to its end (an early error): the rest is not waited for.
      dropUnreadBody(req, res, { maxBytes: UNREAD_BODY_DRAIN_BYTES });
      throw error;
    }
  });

  async function predictCsv(req: Request, res: Response): Promise<void> {
    const { format: queryFormat } = parseInput(PredictFormatQuerySchema, { format: req.query.format }, 'query parameters');
    const format = outputFormatOf(queryFormat, req.headers.accept);
    const upload = await receiveFileStream(req, 'input_file');
    if (format !== 'json' && namesModelFirst(req.query, upload.fields)) {
      const direct = { fields: upload.fields, open: () => upload.file, lateFieldNames: () => Object.keys(upload.lateFields), finished: upload.finished };
      return streamPredictions(req, res, format, direct, streamDeps);
    }
    const spooled = await spoolFile(upload.file, {
      memoryBytes: SPOOL_MEMORY_BYTES,
      maxBytes: maxUploadBytes,
      dir: uploadDir,
      tooLargeHint: TOO_LARGE_HINTS[format === 'json' ? 'json' : 'stream'],
    });
    try {
      await upload.finished;
      const fields = withoutBlanks({ ...upload.fields, ...upload.lateFields });
      if (format !== 'json') {
        const whole = { fields, open: () => spooled.chunks(), lateFieldNames: () => [], finished: upload.finished };
        return await streamPredictions(req, res, format, whole, streamDeps);
      }
      const form = parseInput(PredictFormSchema, { ...req.query, ...fields }, 'prediction form');
      const model = await scorer.resolve(form.model_name, form.model_version);
      const scoring = { model, columnsToDrop: form.columns_to_drop, returnProba: form.return_proba, format: 'json' as const };
      const { response, ignoredColumns } = await predictCsvToJson(spooled.chunks(), scoring, scorer, csvLimits);
      req.log.info({ model_name: model.name, model_version: model.version, rows: response.predictions.length }, 'predicted');
      metrics.predicted(model, response.predictions.length);
      noteModel(res, model);
      setIgnoredColumnsHeader(res, ignoredColumns);
      res.json(response);
    } finally {
      await spooled.remove();
    }
  }
  // Rows are counted on the raw body before it is parsed (JSON.parse alone of 50 MB of short rows
  // took 690 MB), and again from the parsed body's shape by predictJson.
  const inspect = (raw: Buffer) => checkJsonRowCount(raw, maxJsonRows);
  router.post('/predict', jsonBody({ maxBytes: maxJsonBytes, accepted: 'application/json or multipart/form-data', inspect }), predictJsonHandler('record'));
  router.post('/predict_batch', jsonBody({ maxBytes: maxJsonBytes, inspect }), predictJsonHandler('batch'));

  function predictJsonHandler(shape: BodyShape): RequestHandler {
    return async (req, res) => {
      const query = parseInput(PredictQuerySchema, req.query, 'query parameters');
      const { response, ignoredColumns } = await predictJson({ body: req.body, query, shape, maxRows: maxJsonRows }, scorer);
      const model = { name: response.model_name, version: response.model_version };
      req.log.info({ model_name: model.name, model_version: model.version, shape }, 'predicted');
      metrics.predicted(model, 'predictions' in response ? response.predictions.length : 1);
      noteModel(res, model);
      setIgnoredColumnsHeader(res, ignoredColumns);
      res.json(response);
    };
  }
  return router;
}

/** Multipart goes to the CSV handlers; anything else falls through to the JSON route. */
const onlyMultipart: RequestHandler = (req, _res, next) => next(req.is('multipart/form-data') ? undefined : 'route');
