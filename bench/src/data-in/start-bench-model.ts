import { join } from 'node:path';
import { startPlatform, type Platform } from '@tabula/tests/support/platform.js';
import { logProgress } from '../log-progress.js';
import { BENCH_FOREST, BENCH_MODEL, BENCH_TRAIN_ROWS, SERVING_ENV, trainThroughGateway } from '../serving/serving-setup.js';
import { LABEL_COLUMN, writeSyntheticCsv } from '../serving/synthetic-csv.js';

/** The services with the serving section's bench model trained through the gateway, and its training file. */
export interface BenchModelPlatform {
  platform: Platform;
  trainCsv: string;
}

/**
 * Starts the three services as the serving section does (same launcher and settings) and trains its bench model
 * (100 trees on 10,000 synthetic rows × 20 features) through the gateway; the caller stops the platform.
 */
export async function startBenchModel(workDir: string, section: string): Promise<BenchModelPlatform> {
  logProgress(`${section}: starting gateway, trainer and predictor`);
  const platform = await startPlatform({ env: SERVING_ENV });
  try {
    const trainCsv = join(workDir, 'bench-train.csv');
    await writeSyntheticCsv({ path: trainCsv, rows: BENCH_TRAIN_ROWS, withLabel: true, seed: 1 });
    logProgress(`${section}: training ${BENCH_MODEL} (100 trees on ${BENCH_TRAIN_ROWS} rows × 20 features)`);
    await trainThroughGateway(platform, trainCsv, {
      model_type: 'RandomForestClassifier',
      target_column: LABEL_COLUMN,
      model_name: BENCH_MODEL,
      model_params: JSON.stringify(BENCH_FOREST),
    });
    return { platform, trainCsv };
  } catch (error) {
    await platform.stopAll();
    throw error;
  }
}
