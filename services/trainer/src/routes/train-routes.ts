import { TrainFormSchema, type TrainResponse } from '@tabula/contracts';
import { csvUpload, parseInput, uploadedFilePath } from '@tabula/service-kit';
import { Router } from 'express';
import type { TrainModelInput } from '../domain/train-model.js';

export interface TrainRoutesDeps {
  /** Runs a training off the event loop and resolves with the stored version. */
  runTraining: (input: TrainModelInput) => Promise<TrainResponse>;
  uploadDir: string;
  maxUploadBytes: number;
}

export function trainRoutes({ runTraining, uploadDir, maxUploadBytes }: TrainRoutesDeps): Router {
  const router = Router();
  router.post('/train', csvUpload({ field: 'dataset_file', dir: uploadDir, maxBytes: maxUploadBytes }), async (req, res) => {
    const form = parseInput(TrainFormSchema, req.body, 'training form');
    const csvPath = uploadedFilePath(req);
    req.log.info({ model_name: form.model_name, model_type: form.model_type }, 'training started');
    const result = await runTraining({ csvPath, form });
    req.log.info({ model_name: result.model_name, version: result.version, training_ms: result.training_ms }, 'training stored');
    res.status(201).json(result);
  });
  return router;
}
