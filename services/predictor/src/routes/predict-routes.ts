import { PredictFormSchema, PredictQuerySchema, blankToUndefined } from '@tabula/contracts';
import { csvUpload, jsonBody, parseInput, uploadedFilePath } from '@tabula/service-kit';
import { Router, type RequestHandler } from 'express';
import type { ModelRegistry } from '../domain/model-registry.js';
import { predictCsv } from '../domain/predict-csv.js';
import { predictJson } from '../domain/predict-json.js';
import type { BodyShape } from '../domain/decode-predict-body.js';

export interface PredictRoutesDeps {
  registry: ModelRegistry;
  uploadDir: string;
  maxUploadBytes: number;
  maxJsonBytes: number;
}

/** POST /predict routes by content type (multipart → CSV, JSON → records); /predict_batch is JSON only. */
export function predictRoutes({ registry, uploadDir, maxUploadBytes, maxJsonBytes }: PredictRoutesDeps): Router {
  const router = Router();
  router.post('/predict', onlyMultipart, csvUpload({ field: 'input_file', dir: uploadDir, maxBytes: maxUploadBytes }), async (req, res) => {
    const form = parseInput(PredictFormSchema, { ...req.query, ...withoutBlanks(req.body) }, 'prediction form');
    const result = await predictCsv({ csvPath: uploadedFilePath(req), form }, registry);
    req.log.info(
      { model_name: result.model_name, model_version: result.model_version, rows: result.predictions.length },
      'predicted',
    );
    res.json(result);
  });
  router.post('/predict', jsonBody({ maxBytes: maxJsonBytes, accepted: 'application/json or multipart/form-data' }), predictJsonHandler('record'));
  router.post('/predict_batch', jsonBody({ maxBytes: maxJsonBytes }), predictJsonHandler('batch'));

  function predictJsonHandler(shape: BodyShape): RequestHandler {
    return async (req, res) => {
      const query = parseInput(PredictQuerySchema, req.query, 'query parameters');
      const result = await predictJson({ body: req.body, query, shape }, registry);
      req.log.info({ model_name: result.model_name, model_version: result.model_version, shape }, 'predicted');
      res.json(result);
    };
  }
  return router;
}

/** Multipart goes to the CSV handler; anything else falls through to the JSON route. */
const onlyMultipart: RequestHandler = (req, _res, next) => next(req.is('multipart/form-data') ? undefined : 'route');

/** Form fields left blank mean "not given", so a query parameter of the same name still applies. */
function withoutBlanks(fields: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(Object.entries(fields).filter(([, value]) => blankToUndefined(value) !== undefined));
}
