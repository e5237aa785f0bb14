import { modelLimitsOf } from '@tabula/contracts';
import { claimScratchDir, openModelStore } from '@tabula/model-store';
import { ServiceMetrics, createLogger, runMain, serve } from '@tabula/service-kit';
import { createApp } from './app.js';
import { loadTrainerConfig } from './config.js';
import { createTrainingJobs } from './jobs/create-training-jobs.js';

runMain('trainer', async () => {
  const config = loadTrainerConfig();
  const logger = createLogger('trainer', config.LOG_LEVEL);
  const store = openModelStore(config.MODELS_DIR);
  const removed = await store.removeOrphanedTemp();
  if (removed > 0) logger.warn({ removed }, 'removed temp dirs left by an interrupted training');
  const uploads = await claimScratchDir(config.UPLOAD_DIR);
  if (uploads.removed > 0) logger.warn({ removed: uploads.removed }, 'removed uploads left by a stopped trainer');

  const metrics = new ServiceMetrics('trainer');
  const jobs = createTrainingJobs(config, { modelsDir: store.root, logger, metrics });
  const app = createApp({
    store,
    logger,
    metrics,
    jobs,
    uploadDir: uploads.dir,
    maxUploadBytes: config.MAX_UPLOAD_MB * 1024 * 1024,
    modelLimits: modelLimitsOf(config),
  });
  await serve(app, {
    port: config.TRAINER_PORT,
    host: config.HOST,
    logger,
    requestTimeoutMs: config.REQUEST_TIMEOUT_MS,
    // A training cannot finish within the shutdown grace period: fail the jobs at once, so waiting
    // requests get an answer and the job table says why.
    onSignal: () => void jobs.close(),
    onShutdown: () => jobs.close(),
  });
  logger.info(
    { models_dir: store.root, workers: config.TRAINER_WORKERS, queue_max: config.TRAINER_QUEUE_MAX, train_max_seconds: config.TRAIN_MAX_SECONDS },
    'trainer ready',
  );
});
