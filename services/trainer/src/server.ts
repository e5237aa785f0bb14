import { claimScratchDir, describeStoreSpec, openArtifactStore, openConfiguredStore, storeSpecOf } from '@tabula/model-store';
import { createLogger, runMain, serve } from '@tabula/service-kit';
import { createApp } from './app.js';
import { loadTrainerConfig } from './config.js';
import { createTrainerDeps } from './trainer-deps.js';

runMain('trainer', async () => {
  const config = loadTrainerConfig();
  const logger = createLogger('trainer', config.LOG_LEVEL);
  const spec = storeSpecOf(config);
  const stopOpening = new AbortController();
  const stopOnSignal = () => stopOpening.abort();
  process.once('SIGTERM', stopOnSignal).once('SIGINT', stopOnSignal);
  // An unreachable database or bucket at start is waited for: each retry says which one and why, and the
  // trainer comes up by itself once it answers.
  const store = await openConfiguredStore(spec, {
    signal: stopOpening.signal,
    onRetry: (error, attempt, delayMs) =>
      logger.warn({ ...describeStoreSpec(spec), code: error.code, attempt, retry_in_ms: delayMs, hint: error.hint }, `model store not reachable: ${error.message}`),
  });
  process.off('SIGTERM', stopOnSignal).off('SIGINT', stopOnSignal);
  logger.info(describeStoreSpec(spec), 'model store opened');
  const removed = await store.removeOrphanedTemp();
  if (removed > 0) logger.warn({ removed }, 'removed temp dirs left by an interrupted training');
  const uploads = await claimScratchDir(config.UPLOAD_DIR);
  if (uploads.removed > 0) logger.warn({ removed: uploads.removed }, 'removed uploads left by a stopped trainer');
  const artifacts = spec.kind === 'postgres' ? await openArtifactStore(spec.artifactsUri, spec.s3) : undefined;

  const deps = createTrainerDeps(config, { store, uploadDir: uploads.dir, logger, artifacts });
  await deps.jobs.start?.();
  const app = createApp(deps);
  await serve(app, {
    port: config.TRAINER_PORT,
    host: config.HOST,
    logger,
    requestTimeoutMs: config.REQUEST_TIMEOUT_MS,
    // A training cannot finish within the shutdown grace period: fail the jobs at once (folder mode) or hand
    // them to another trainer (cluster mode), so waiting requests get an answer and the job record says why.
    onSignal: () => void deps.jobs.close(),
    onShutdown: async () => {
      await deps.jobs.close();
      await store.close();
    },
  });
  logger.info(
    { ...describeStoreSpec(spec), workers: config.TRAINER_WORKERS, queue_max: config.TRAINER_QUEUE_MAX, train_max_seconds: config.TRAIN_MAX_SECONDS },
    'trainer ready',
  );
});
