import { openModelStore } from '@tabula/model-store';
import { createLogger, runMain, serve } from '@tabula/service-kit';
import { createApp } from './app.js';
import { loadPredictorConfig } from './config.js';
import { ModelRegistry } from './domain/model-registry.js';

runMain('predictor', async () => {
  const config = loadPredictorConfig();
  const logger = createLogger('predictor', config.LOG_LEVEL);
  const store = openModelStore(config.MODELS_DIR);
  const registry = new ModelRegistry(store, config.MODEL_CACHE_MB * 1024 * 1024);
  const app = createApp({
    store,
    logger,
    registry,
    uploadDir: config.UPLOAD_DIR,
    maxUploadBytes: config.MAX_UPLOAD_MB * 1024 * 1024,
    maxJsonBytes: config.MAX_JSON_MB * 1024 * 1024,
  });
  await serve(app, { port: config.PREDICTOR_PORT, host: config.HOST, logger, requestTimeoutMs: config.REQUEST_TIMEOUT_MS });
  logger.info({ models_dir: store.root }, 'predictor ready');
});
