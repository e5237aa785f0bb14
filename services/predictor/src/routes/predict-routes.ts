import { PredictFormSchema, PredictFormatQuerySchema, PredictQuerySchema } from '@tabula/contracts';
import { jsonBody, noteModel, parseInput, receiveFileStream, spoolFile } from '@tabula/service-kit';
import { Router, type RequestHandler } from 'express';
import type { BodyShape } from '../domain/decode-predict-body.js';
import { outputFormatOf } from '../domain/output-format.js';
import type { CsvLimits } from '../domain/csv-limits.js';
import { predictCsvToJson } from '../domain/predict-csv.js';
import { checkJsonRowCount } from '../domain/count-json-rows.js';
import { predictJson } from '../domain/predict-json.js';
import type { PredictorMetrics } from '../scoring/predictor-metrics.js';
import type { Scorer } from '../scoring/scorer.js';
import { withoutBlanks } from './form-values.js';
import { streamPredictions } from './predict-stream.js';

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

/**
 * POST /predict routes by content type (multipart → CSV, JSON → records) and, for CSV, by the
 * answer asked for: streamed CSV/NDJSON straight from the upload, or one JSON document from a
 * spooled upload (bounded by MAX_UPLOAD_MB), whose form fields may follow the file as in the
 * original API's curl calls. /predict_batch is JSON only.
 */
export function predictRoutes({ scorer, metrics, uploadDir, maxUploadBytes, maxJsonBytes, csvLimits, maxStreamedRows, maxJsonRows }: PredictRoutesDeps): Router {
  const router = Router();
  const streamLimits = { ...csvLimits, maxRows: maxStreamedRows > 0 ? maxStreamedRows : Number.POSITIVE_INFINITY };
  router.post('/predict', onlyMultipart, async (req, res) => {
    const { format: queryFormat } = parseInput(PredictFormatQuerySchema, { format: req.query.format }, 'query parameters');
    const format = outputFormatOf(queryFormat, req.headers.accept);
    if (format !== 'json') return streamPredictions(req, res, format, scorer, metrics, streamLimits);
    const upload = await receiveFileStream(req, 'input_file');
    const spooled = await spoolFile(upload.file, { memoryBytes: SPOOL_MEMORY_BYTES, maxBytes: maxUploadBytes, dir: uploadDir });
    try {
      await upload.finished;
      const fields = withoutBlanks({ ...upload.fields, ...upload.lateFields });
      const form = parseInput(PredictFormSchema, { ...req.query, ...fields }, 'prediction form');
      const model = await scorer.resolve(form.model_name, form.model_version);
      const scoring = { model, columnsToDrop: form.columns_to_drop, returnProba: form.return_proba, format: 'json' as const };
      const result = await predictCsvToJson(spooled.chunks(), scoring, scorer, csvLimits);
      req.log.info({ model_name: model.name, model_version: model.version, rows: result.predictions.length }, 'predicted');
      metrics.predicted(model, result.predictions.length);
      noteModel(res, model);
      res.json(result);
    } finally {
      await spooled.remove();
    }
  });
  // Rows are counted on the raw body before it is parsed (JSON.parse alone of 50 MB of short rows
  // took 690 MB), and again from the parsed body's shape by predictJson.
  const inspect = (raw: Buffer) => checkJsonRowCount(raw, maxJsonRows);
  router.post('/predict', jsonBody({ maxBytes: maxJsonBytes, accepted: 'application/json or multipart/form-data', inspect }), predictJsonHandler('record'));
  router.post('/predict_batch', jsonBody({ maxBytes: maxJsonBytes, inspect }), predictJsonHandler('batch'));

  function predictJsonHandler(shape: BodyShape): RequestHandler {
    return async (req, res) => {
      const query = parseInput(PredictQuerySchema, req.query, 'query parameters');
      const result = await predictJson({ body: req.body, query, shape, maxRows: maxJsonRows }, scorer);
      const model = { name: result.model_name, version: result.model_version };
      req.log.info({ model_name: model.name, model_version: model.version, shape }, 'predicted');
      metrics.predicted(model, 'predictions' in result ? result.predictions.length : 1);
      noteModel(res, model);
      res.json(result);
    };
  }
  return router;
}

/** Multipart goes to the CSV handlers; anything else falls through to the JSON route. */
const onlyMultipart: RequestHandler = (req, _res, next) => next(req.is('multipart/form-data') ? undefined : 'route');
