import { PredictFormSchema } from '@tabula/contracts';
import { csvUpload, parseInput, uploadedFilePath } from '@tabula/service-kit';
import { Router } from 'express';
import type { ModelRegistry } from '../domain/model-registry.js';
import { predictCsv } from '../domain/predict-csv.js';

export interface PredictRoutesDeps {
  registry: ModelRegistry;
  uploadDir: string;
  maxUploadBytes: number;
}

export function predictRoutes({ registry, uploadDir, maxUploadBytes }: PredictRoutesDeps): Router {
  const router = Router();
  router.post('/predict', csvUpload({ field: 'input_file', dir: uploadDir, maxBytes: maxUploadBytes }), async (req, res) => {
    const form = parseInput(PredictFormSchema, req.body, 'prediction form');
    const result = await predictCsv({ csvPath: uploadedFilePath(req), form }, registry);
    req.log.info(
      { model_name: result.model_name, model_version: result.model_version, rows: result.predictions.length },
      'predicted',
    );
    res.json(result);
  });
  return router;
}
