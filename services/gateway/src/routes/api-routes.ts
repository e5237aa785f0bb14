import { Router } from 'express';
import { forwardTo, type Upstream } from '../upstream/forward-request.js';

export interface ApiRoutesDeps {
  trainer: Upstream;
  predictor: Upstream;
  timeouts: { trainMs: number; predictMs: number; readMs: number };
}

/** The public API: which service answers which route. The gateway itself parses no body. */
export function apiRoutes({ trainer, predictor, timeouts }: ApiRoutesDeps): Router {
  const router = Router();
  router.post('/train', forwardTo(trainer, timeouts.trainMs));
  router.post('/predict', forwardTo(predictor, timeouts.predictMs));
  router.post('/predict_batch', forwardTo(predictor, timeouts.predictMs));
  router.get('/models', forwardTo(predictor, timeouts.readMs));
  router.get('/models/:name/versions', forwardTo(predictor, timeouts.readMs));
  router.get('/models/:name/versions/:version', forwardTo(predictor, timeouts.readMs));
  return router;
}
