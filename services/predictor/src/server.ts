import { openModelStore, claimScratchDir } from '@tabula/model-store';
import { createLogger, runMain, serve } from '@tabula/service-kit';
import { createApp } from './app.js';
import { loadPredictorConfig } from './config.js';
import { createPredictorDeps } from './predictor-deps.js';
import { preloadModels } from './scoring/preload-models.js';

runMain('predictor', async () => {
  const config = loadPredictorConfig();
  const logger = createLogger('predictor', config.LOG_LEVEL);
  const store = openModelStore(config.MODELS_DIR);
  // The predictor writes monitoring reports through the store's temp dir and spools large uploads.
  const removed = await store.removeOrphanedTemp();
  const uploads = await claimScratchDir(config.UPLOAD_DIR);
  if (removed + uploads.removed > 0) logger.warn({ removed_temp: removed, removed_uploads: uploads.removed }, 'removed files left by a stopped predictor');
  const deps = createPredictorDeps(config, { logger, store, uploadDir: uploads.dir });
  const app = createApp(deps);
  await serve(app, {
    port: config.PREDICTOR_PORT,
    host: config.HOST,
    logger,
    requestTimeoutMs: config.REQUEST_TIMEOUT_MS,
    onShutdown: () => deps.scorer.close(),
  });
  logger.info({ models_dir: store.root, scoring_workers: config.SCORING_WORKERS }, 'predictor ready');
  if (config.PRELOAD_MODELS) await preloadModels(store, deps.registry, deps.scorer, logger);
});
