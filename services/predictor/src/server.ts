import { claimScratchDir, describeStoreSpec, openConfiguredStore, storeSpecOf } from '@tabula/model-store';
import { createLogger, runMain, serve } from '@tabula/service-kit';
import { createApp } from './app.js';
import { loadPredictorConfig } from './config.js';
import { createPredictorDeps, storePartsOf } from './predictor-deps.js';
import { preloadModels } from './scoring/preload-models.js';

runMain('predictor', async () => {
  const config = loadPredictorConfig();
  const logger = createLogger('predictor', config.LOG_LEVEL);
  const storeSpec = storeSpecOf(config);
  // A database or bucket that is not there yet (a replica started before them) is waited for, with one warn line per
  // attempt saying which is down and why, so the operator sees it and the replica comes up by itself.
  const store = await openConfiguredStore(storeSpec, {
    onRetry: (error, attempt, delayMs) =>
      logger.warn(
        { code: error.code, reason: error.message, hint: error.hint, attempt, retry_in_ms: delayMs, ...describeStoreSpec(storeSpec) },
        'model store unreachable at start; retrying',
      ),
  });
  logger.info(describeStoreSpec(storeSpec), 'model store opened');
  // The predictor writes monitoring reports through the store's temp dir and spools large uploads.
  const removed = await store.removeOrphanedTemp();
  const uploads = await claimScratchDir(config.UPLOAD_DIR);
  if (removed + uploads.removed > 0) logger.warn({ removed_temp: removed, removed_uploads: uploads.removed }, 'removed files left by a stopped predictor');
  const deps = createPredictorDeps(config, { logger, store, storeSpec, ...storePartsOf(store), uploadDir: uploads.dir });
  const app = createApp(deps);
  await serve(app, {
    port: config.PREDICTOR_PORT,
    host: config.HOST,
    logger,
    requestTimeoutMs: config.REQUEST_TIMEOUT_MS,
    onShutdown: async () => {
      await deps.scorer.close();
      await store.close();
    },
  });
  logger.info({ ...describeStoreSpec(storeSpec), scoring_workers: config.SCORING_WORKERS }, 'predictor ready');
  if (config.PRELOAD_MODELS) await preloadModels(store, deps.registry, deps.scorer, logger);
});
