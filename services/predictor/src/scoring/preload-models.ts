import type { ModelStore } from '@tabula/model-store';
import type { Logger } from '@tabula/service-kit';
import type { ModelRegistry } from '../domain/model-registry.js';
import type { Scorer } from './scorer.js';

/**
 * Loads the version each model serves by default into every scoring thread, after the server is
 * listening (health checks answer meanwhile). A model that fails to load is logged and skipped:
 * it fails again, with its own clear error, only when someone asks for it.
 */
export async function preloadModels(store: ModelStore, registry: ModelRegistry, scorer: Scorer, logger: Logger): Promise<void> {
  const startedAt = performance.now();
  const models = await store.listModels();
  let loaded = 0;
  for (const { model_name: name } of models) {
    try {
      const model = await registry.resolve(name);
      const result = await scorer.warm({ kind: 'load', model });
      loaded++;
      logger.info({ model_name: name, model_version: model.version, cold_load_ms: result.coldLoadMs }, 'model preloaded');
    } catch (error) {
      logger.warn({ err: error, model_name: name }, 'model could not be preloaded');
    }
  }
  logger.info({ models: loaded, ms: Math.round(performance.now() - startedAt) }, 'preload finished');
}
