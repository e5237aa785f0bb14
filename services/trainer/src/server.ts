import { claimScratchDir, openModelStore } from '@tabula/model-store';
import { createLogger, runMain, serve } from '@tabula/service-kit';
import { createApp } from './app.js';
import { loadTrainerConfig } from './config.js';
import { createTrainerDeps } from './trainer-deps.js';

runMain('trainer', async () => {
  const config = loadTrainerConfig();
  const logger = createLogger('trainer', config.LOG_LEVEL);
  const store = openModelStore(config.MODELS_DIR);
  const removed = await store.removeOrphanedTemp();
  if (removed > 0) logger.warn({ removed }, 'removed temp dirs left by an interrupted training');
  const uploads = await claimScratchDir(config.UPLOAD_DIR);
  if (uploads.removed > 0) logger.warn({ removed: uploads.removed }, 'removed uploads left by a stopped trainer');

  const deps = createTrainerDeps(config, { store, uploadDir: uploads.dir, logger });
  const app = createApp(deps);
  await serve(app, {
    port: config.TRAINER_PORT,
    host: config.HOST,
    logger,
    requestTimeoutMs: config.REQUEST_TIMEOUT_MS,
    // A training cannot finish within the shutdown grace period: fail the jobs at once, so waiting
    // requests get an answer and the job table says why.
    onSignal: () => void deps.jobs.close(),
    onShutdown: () => deps.jobs.close(),
  });
  logger.info(
    { models_dir: store.root, workers: config.TRAINER_WORKERS, queue_max: config.TRAINER_QUEUE_MAX, train_max_seconds: config.TRAIN_MAX_SECONDS },
    'trainer ready',
  );
});
