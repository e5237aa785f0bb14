import { join } from 'node:path';
import { TrainResponseSchema, type TrainResponse } from '@tabula/contracts';
import { REPO_ROOT, startPlatform, type Platform, type ServiceName } from '@tabula/tests/support/platform.js';
import { createAgent, postFile } from './http-client.js';
import { LABEL_COLUMN, writeSyntheticCsv } from './synthetic-csv.js';
import { logProgress } from '../log-progress.js';

/** The model behind the "original README" case: iris, target variety, the platform's default forest. */
export const IRIS_MODEL = 'iris';
/** The model behind the large batches: 100 trees on the synthetic 20-feature set. */
export const BENCH_MODEL = 'bench';
export const BENCH_TRAIN_ROWS = 10_000;
export const BENCH_FOREST = { n_estimators: 100, random_state: 42 };

/**
 * Over the defaults: no per-request info logs (the bench measures serving, not pino), and
 * timeouts that let a multi-GB upload finish; the streamed path has no upload cap to lift.
 */
export const SERVING_ENV: Record<string, string> = {
  LOG_LEVEL: 'warn',
  PREDICT_TIMEOUT_MS: String(2 * 60 * 60 * 1000),
  REQUEST_TIMEOUT_MS: String(2 * 60 * 60 * 1000),
};

export interface ServingSetup {
  platform: Platform;
  iris: TrainResponse;
  bench: TrainResponse;
  /** The CSV model bench was trained on (target LABEL_COLUMN). */
  benchTrainPath: string;
}

/** Starts the three services and trains the two models through the gateway, as a user would. */
export async function startServing(workDir: string): Promise<ServingSetup> {
  logProgress('serving: starting gateway, trainer and predictor');
  const platform = await startPlatform({ env: SERVING_ENV });
  try {
    logProgress('serving: training iris (RandomForestClassifier, default 100 trees)');
    const iris = await trainThroughGateway(platform, join(REPO_ROOT, 'samples/iris.csv'), {
      model_type: 'RandomForestClassifier',
      target_column: 'variety',
      model_name: IRIS_MODEL,
    });
    const trainPath = join(workDir, 'bench-train.csv');
    await writeSyntheticCsv({ path: trainPath, rows: BENCH_TRAIN_ROWS, withLabel: true, seed: 1 });
    logProgress(`serving: training ${BENCH_MODEL} (100 trees on ${BENCH_TRAIN_ROWS} synthetic rows × 20 features)`);
    const bench = await trainThroughGateway(platform, trainPath, {
      model_type: 'RandomForestClassifier',
      target_column: LABEL_COLUMN,
      model_name: BENCH_MODEL,
      model_params: JSON.stringify(BENCH_FOREST),
    });
    return { platform, iris, bench, benchTrainPath: trainPath };
  } catch (error) {
    await platform.stopAll();
    throw error;
  }
}

/** POSTs a training file (read from disk as it is sent) to the gateway's /train and parses the 201 answer; throws on any other. */
export async function trainThroughGateway(platform: Platform, csvPath: string, fields: Record<string, string>): Promise<TrainResponse> {
  const agent = createAgent(1);
  try {
    const res = await postFile(agent, new URL('/train', platform.gatewayUrl), fields, 'dataset_file', csvPath);
    if (res.status !== 201) throw new Error(`POST /train answered ${res.status}: ${res.body.toString('utf8', 0, 500)}`);
    return TrainResponseSchema.parse(JSON.parse(res.body.toString('utf8')));
  } finally {
    agent.destroy();
  }
}

export const IRIS_RECORD = { 'sepal.length': 5.1, 'sepal.width': 3.5, 'petal.length': 1.4, 'petal.width': 0.2 };

/** The last warning or error a service logged (pino JSON lines), so a report can say why a part failed. */
export function lastLoggedProblem(platform: Platform, name: ServiceName): string | undefined {
  const line = platform
    .logs(name)
    .split('\n')
    .filter((l) => /"level":"(warn|error|fatal)"/.test(l))
    .pop();
  if (line === undefined) return undefined;
  try {
    const entry = JSON.parse(line) as { msg?: string; err?: { message?: string } };
    return `${name} logged "${entry.msg ?? ''}${entry.err?.message ? `: ${entry.err.message}` : ''}"`.slice(0, 500);
  } catch {
    return `${name} logged ${line.slice(0, 500)}`;
  }
}
