import { Router } from 'express';
import { forwardTo, type PooledUpstream } from '../upstream/forward-request.js';

export interface JobRoutesDeps {
  trainer: PooledUpstream;
  timeouts: { readMs: number };
}

/**
 * Training jobs live in the trainer's memory, so it answers for them. With several trainers (a TRAINER_URL list)
 * a job is known only to the one that took it, until jobs move to the shared queue of issue 14's cluster mode. POST /train?async=true needs
 * nothing here: the /train relay passes the query string and the 202's Location through. DELETE
 * (cancel) needs an admin key, as every write does (auth/route-roles.ts).
 */
export function jobRoutes({ trainer, timeouts }: JobRoutesDeps): Router {
  const router = Router();
  router.get('/jobs', forwardTo(trainer, timeouts.readMs));
  router.get('/jobs/:id', forwardTo(trainer, timeouts.readMs));
  router.delete('/jobs/:id', forwardTo(trainer, timeouts.readMs));
  return router;
}
