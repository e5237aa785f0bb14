import { PredictFormSchema, PredictFormatQuerySchema, PredictQuerySchema } from '@tabula/contracts';
import { UNREAD_BODY_DRAIN_BYTES, dropUnreadBody, jsonBody, noteModel, parseInput } from '@tabula/service-kit';
import { Router, type Request, type RequestHandler, type Response } from 'express';
import type { BodyShape } from '../domain/decode-predict-body.js';
import { checkJsonRowCount } from '../domain/count-json-rows.js';
import { outputFormatOf } from '../domain/output-format.js';
import { predictUploadToJson } from '../domain/predict-upload-to-json.js';
import type { PredictDeps } from '../domain/predict-deps.js';
import { predictJson } from '../domain/predict-json.js';
import { setIgnoredColumnsHeader } from './ignored-columns-header.js';
import { streamPredictions } from './predict-stream.js';
import { receiveCsvUpload, type SpoolLimits } from './receive-csv-upload.js';

export interface PredictRoutesDeps extends SpoolLimits {
  predict: PredictDeps;
  maxJsonBytes: number;
}

/**
 * POST /predict routes by content type (multipart → CSV, JSON → records) and, for CSV, by the
 * answer asked for: a streamed one (CSV/NDJSON, predict-stream.ts) or one JSON document. Each
 * handler parses the request, makes one data-plane call and sends what it returns.
 */
export function predictRoutes({ predict, uploadDir, maxUploadBytes, maxJsonBytes }: PredictRoutesDeps): Router {
  const router = Router();
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
    const upload = await receiveCsvUpload(req, format !== 'json', { uploadDir, maxUploadBytes });
    try {
      if (format !== 'json') return await streamPredictions(req, res, format, upload, predict);
      const form = parseInput(PredictFormSchema, { ...req.query, ...upload.fields }, 'prediction form');
      const { response, model, ignoredColumns } = await predictUploadToJson({ source: upload, form, log: req.log }, predict);
      noteModel(res, model);
      setIgnoredColumnsHeader(res, ignoredColumns);
      res.json(response);
    } finally {
      await upload.remove();
    }
  }
  // Rows are counted on the raw body before it is parsed (JSON.parse alone of 50 MB of short rows
  // took 690 MB), and again from the parsed body's shape by predictJson.
  const inspect = (raw: Buffer) => checkJsonRowCount(raw, predict.maxJsonRows);
  router.post('/predict', jsonBody({ maxBytes: maxJsonBytes, accepted: 'application/json or multipart/form-data', inspect }), predictJsonHandler('record'));
  router.post('/predict_batch', jsonBody({ maxBytes: maxJsonBytes, inspect }), predictJsonHandler('batch'));

  function predictJsonHandler(shape: BodyShape): RequestHandler {
    return async (req, res) => {
      const query = parseInput(PredictQuerySchema, req.query, 'query parameters');
      const { response, model, ignoredColumns } = await predictJson({ body: req.body, query, shape, log: req.log }, predict);
      noteModel(res, model);
      setIgnoredColumnsHeader(res, ignoredColumns);
      res.json(response);
    };
  }
  return router;
}

/** Multipart goes to the CSV handlers; anything else falls through to the JSON route. */
const onlyMultipart: RequestHandler = (req, _res, next) => next(req.is('multipart/form-data') ? undefined : 'route');
