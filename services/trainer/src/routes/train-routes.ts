import { TrainFormSchema, TrainModeSchema, type JobAccepted } from '@tabula/contracts';
import { csvUpload, keepUploadedFile, noteModel, parseInput, uploadedFilePath } from '@tabula/service-kit';
import { Router, type Response } from 'express';
import type { TrainingQueue } from '../jobs/training-queue.js';

export interface TrainRoutesDeps {
  /** Runs trainings off the event loop as jobs, behind a bounded queue. */
  jobs: TrainingQueue;
  uploadDir: string;
  maxUploadBytes: number;
}

/**
 * POST /train: the upload is spooled, the form checked, and the training queued as a job (429 when
 * the queue is full). Synchronously it answers 201 with the new version; with async=true (query or
 * form field) 202 with the job, which then owns the upload until it ends. A synchronous training
 * whose client disconnects before the answer is cancelled: nobody would read its answer.
 */
export function trainRoutes({ jobs, uploadDir, maxUploadBytes }: TrainRoutesDeps): Router {
  const router = Router();
  router.post('/train', csvUpload({ field: 'dataset_file', dir: uploadDir, maxBytes: maxUploadBytes }), async (req, res) => {
    const form = parseInput(TrainFormSchema, req.body, 'training form');
    const mode = parseInput(TrainModeSchema, { async: req.body.async ?? req.query.async }, 'training mode');
    const clientGone = mode.async ? undefined : abortOnDisconnect(res);
    const { job, done } = await jobs.submit({ csvPath: uploadedFilePath(req), form }, { isAsync: mode.async, log: req.log, clientGone });
    keepUploadedFile(req);
    if (mode.async) {
      const accepted: JobAccepted = { job_id: job.job_id, status: job.status, links: job.links };
      res.status(202).location(job.links.self).json(accepted);
      return;
    }
    const trained = await done;
    noteModel(res, { name: trained.model_name, version: trained.version });
    res.status(201).json(trained);
  });
  return router;
}

/** Aborts when the connection closes before the answer has been sent (the client, or the gateway for it, went away). */
function abortOnDisconnect(res: Response): AbortSignal {
  const disconnected = new AbortController();
  res.on('close', () => {
    if (!res.writableFinished) disconnected.abort();
  });
  return disconnected.signal;
}
