import { JobListQuerySchema, JobPathParamsSchema } from '@tabula/contracts';
import { parseInput } from '@tabula/service-kit';
import { Router } from 'express';
import type { TrainingQueue } from '../jobs/training-queue.js';

export interface JobRoutesDeps {
  jobs: TrainingQueue;
}

/** GET /jobs (newest first, without results), GET /jobs/{id} (with the result or the error), and DELETE /jobs/{id} (cancel). */
export function jobRoutes({ jobs }: JobRoutesDeps): Router {
  const router = Router();
  router.get('/jobs', async (req, res) => {
    res.json(await jobs.list(parseInput(JobListQuerySchema, req.query, 'job list query')));
  });
  router.get('/jobs/:id', async (req, res) => {
    res.json(await jobs.get(parseInput(JobPathParamsSchema, req.params, 'job id').id));
  });
  router.delete('/jobs/:id', async (req, res) => {
    const job = await jobs.cancel(parseInput(JobPathParamsSchema, req.params, 'job id').id);
    req.log.info({ job_id: job.job_id, model_name: job.model_name }, 'training job cancelled');
    res.json(job);
  });
  return router;
}
