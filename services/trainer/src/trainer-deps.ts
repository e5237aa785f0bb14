import { csvSizeLimitsOf, modelLimitsOf, type TrainingProgress, type TrainResponse } from '@tabula/contracts';
import type { ModelStore } from '@tabula/model-store';
import { ServiceMetrics, WorkerPool, type Logger } from '@tabula/service-kit';
import type { TrainerDeps } from './app.js';
import type { TrainerConfig } from './config.js';
import { TrainingJobs, type TrainingJobInput } from './jobs/training-jobs.js';
import { TrainingMetrics } from './jobs/training-metrics.js';

export interface TrainerParts {
  store: ModelStore;
  /** Where uploads are spooled (a scratch dir the trainer owns). */
  uploadDir: string;
  logger: Logger;
}

/**
 * Everything createApp needs, as the configuration asks: TRAINER_WORKERS worker threads running
 * train-worker.js with the CSV and model caps, behind a queue of TRAINER_QUEUE_MAX and the
 * TRAIN_MAX_SECONDS limit, and the upload bound. The server and the service tests build the
 * trainer the same way, so the tests train on real threads. `jobs.close()` stops the threads.
 */
export function createTrainerDeps(config: TrainerConfig, { store, uploadDir, logger }: TrainerParts): TrainerDeps {
  const pool = new WorkerPool<TrainingJobInput, TrainResponse, TrainingProgress>(
    new URL('./jobs/train-worker.js', import.meta.url),
    config.TRAINER_WORKERS,
    {
      modelsDir: store.root,
      csvLimits: { maxRows: config.MAX_ROWS, maxColumns: config.MAX_COLUMNS, ...csvSizeLimitsOf(config) },
      modelLimits: modelLimitsOf(config),
    },
    logger,
  );
  const metrics = new ServiceMetrics('trainer');
  const jobs = new TrainingJobs({
    pool,
    queueMax: config.TRAINER_QUEUE_MAX,
    maxRunSeconds: config.TRAIN_MAX_SECONDS,
    logger,
    metrics: new TrainingMetrics(metrics),
  });
  return {
    store,
    logger,
    metrics,
    jobs,
    uploadDir,
    maxUploadBytes: config.MAX_UPLOAD_MB * 1024 * 1024,
    modelLimits: modelLimitsOf(config),
  };
}
