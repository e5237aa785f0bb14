import { csvSizeLimitsOf, modelLimitsOf, type TrainingProgress, type TrainResponse } from '@tabula/contracts';
import { WorkerPool, type Logger, type ServiceMetrics } from '@tabula/service-kit';
import type { TrainerConfig } from '../config.js';
import { TrainingJobs, type TrainingJobInput } from './training-jobs.js';
import { TrainingMetrics } from './training-metrics.js';

export interface TrainingJobsParts {
  /** The models volume the workers write versions to (each opens its own store handle on it). */
  modelsDir: string;
  logger: Logger;
  metrics: ServiceMetrics;
}

/**
 * The trainer's job machinery as configured: TRAINER_WORKERS worker threads running train-worker.js
 * with the CSV and model caps, behind a queue of TRAINER_QUEUE_MAX and the TRAIN_MAX_SECONDS limit.
 * The server and the service tests build it the same way, so the tests train on real threads.
 */
export function createTrainingJobs(config: TrainerConfig, { modelsDir, logger, metrics }: TrainingJobsParts): TrainingJobs {
  const pool = new WorkerPool<TrainingJobInput, TrainResponse, TrainingProgress>(
    new URL('./train-worker.js', import.meta.url),
    config.TRAINER_WORKERS,
    {
      modelsDir,
      csvLimits: { maxRows: config.MAX_ROWS, maxColumns: config.MAX_COLUMNS, ...csvSizeLimitsOf(config) },
      modelLimits: modelLimitsOf(config),
    },
    logger,
  );
  return new TrainingJobs({
    pool,
    queueMax: config.TRAINER_QUEUE_MAX,
    maxRunSeconds: config.TRAIN_MAX_SECONDS,
    logger,
    metrics: new TrainingMetrics(metrics),
  });
}
