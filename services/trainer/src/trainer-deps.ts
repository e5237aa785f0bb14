import { csvSizeLimitsOf, modelLimitsOf, type TrainingProgress, type TrainResponse } from '@tabula/contracts';
import { storeSpecOf, type ArtifactStore, type ModelStore } from '@tabula/model-store';
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
  /** Cluster mode (DATABASE_URL set): the artifact store of ARTIFACTS_URI, which /ready checks. */
  artifacts?: ArtifactStore;
}

/**
 * Everything createApp needs, as the configuration asks: TRAINER_WORKERS worker threads running
 * train-worker.js with the CSV and model caps, behind a queue of TRAINER_QUEUE_MAX and the
 * TRAIN_MAX_SECONDS limit, and the upload bound. The server and the service tests build the
 * trainer the same way, so the tests train on real threads. `jobs.close()` stops the threads.
 */
export function createTrainerDeps(config: TrainerConfig, { store, uploadDir, logger, artifacts }: TrainerParts): TrainerDeps {
  const pool = new WorkerPool<TrainingJobInput, TrainResponse, TrainingProgress>(
    new URL('./jobs/train-worker.js', import.meta.url),
    config.TRAINER_WORKERS,
    {
      storeSpec: storeSpecOf(config),
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
    // Folder mode keeps its one check and its name; cluster mode names the two things a trainer needs.
    readiness: artifacts
      ? { database: () => store.checkReadable(), artifact_store: () => artifacts.check() }
      : { models_dir_writable: () => store.checkWritable() },
  };
}
