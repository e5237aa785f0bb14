import { Router } from 'express';
import { forwardTo, type PooledUpstream } from '../upstream/forward-request.js';

export interface ApiRoutesDeps {
  trainer: PooledUpstream;
  predictor: PooledUpstream;
  timeouts: { trainMs: number; predictMs: number; readMs: number };
}

/**
 * The public API: which service answers which route. The gateway itself parses no body. Registry
 * reads go to the predictor, the read side of the volume; registry changes go to the trainer, the
 * one service that writes it. Exports and imports carry whole models, so they get the timeouts of
 * the routes that move large files (idle timeouts: a transfer in progress never times out).
 */
export function apiRoutes({ trainer, predictor, timeouts }: ApiRoutesDeps): Router {
  const router = Router();
  router.post('/train', forwardTo(trainer, timeouts.trainMs));
  // Side-effect free: a small JSON body is held and retried once on another predictor (forward-request.ts).
  router.post('/predict', forwardTo(predictor, timeouts.predictMs, { replaysSmallJson: true }));
  router.post('/predict_batch', forwardTo(predictor, timeouts.predictMs, { replaysSmallJson: true }));
  router.get('/models', forwardTo(predictor, timeouts.readMs));
  router.get('/models/:name', forwardTo(predictor, timeouts.readMs));
  router.get('/models/:name/versions', forwardTo(predictor, timeouts.readMs));
  router.get('/models/:name/versions/:version', forwardTo(predictor, timeouts.readMs));
  router.get('/models/:name/versions/:version/export', forwardTo(predictor, timeouts.predictMs));
  router.get('/models/:name/versions/:version/schema', forwardTo(predictor, timeouts.readMs));
  router.delete('/models/:name/versions/:version', forwardTo(trainer, timeouts.readMs));
  router.put('/models/:name/aliases/:alias', forwardTo(trainer, timeouts.readMs));
  router.delete('/models/:name/aliases/:alias', forwardTo(trainer, timeouts.readMs));
  router.post('/models/:name/import', forwardTo(trainer, timeouts.trainMs));
  // Monitoring reads a whole upload and scores every row: the predict timeout, as for a CSV predict.
  router.post('/monitoring/performance', forwardTo(predictor, timeouts.predictMs));
  router.post('/monitoring/drift', forwardTo(predictor, timeouts.predictMs));
  router.get('/monitoring/:kind', forwardTo(predictor, timeouts.readMs));
  return router;
}
