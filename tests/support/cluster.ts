import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startClusterBacking, type ClusterBacking } from './cluster-backing.js';
import { defineReplica, type Replica } from './cluster-replica.js';
import { freePort, type ServiceName } from './platform.js';

export type { Replica } from './cluster-replica.js';

/**
 * Several replicas of every service over one PostgreSQL and one s3rver bucket, as issue 14's cluster mode runs them:
 * each gateway gets every trainer and predictor URL as a comma-separated list.
 */
export interface Cluster {
  readonly gateways: Replica[];
  readonly trainers: Replica[];
  readonly predictors: Replica[];
  /** The database server (with stop/start) and the bucket. */
  readonly backing: ClusterBacking;
  /** The store settings every replica got (DATABASE_URL, ARTIFACTS_URI, S3_*, AWS_*). */
  readonly storeEnv: Record<string, string>;
  /** Every replica, gateways last. */
  all(): Replica[];
  /** Every replica's output, for a failure message. */
  logs(): string;
  /** Stops every replica, then the database and s3rver, and removes the temp dirs. */
  stopAll(): Promise<void>;
}

export interface StartClusterOptions {
  gateways?: number;
  trainers?: number;
  predictors?: number;
  /** Settings for every replica, over the defaults (e.g. RATE_LIMIT_PER_MINUTE, TABULA_API_KEYS, LOG_LEVEL). */
  env?: Record<string, string>;
  /** Per service, settings over `env` (e.g. `{ trainer: { TRAINER_WORKERS: '1' } }`). */
  serviceEnv?: Partial<Record<ServiceName, Record<string, string>>>;
}

const PORT_VARIABLE: Record<ServiceName, string> = { gateway: 'GATEWAY_PORT', trainer: 'TRAINER_PORT', predictor: 'PREDICTOR_PORT' };

/**
 * Starts PostgreSQL and s3rver, then the replicas on free loopback ports: trainers and predictors first (each until it
 * answers /health and /ready, so it has reached the database and the bucket), then the gateways (until /ready: they
 * reach an upstream of each kind). Defaults: 2 gateways, 2 trainers, 3 predictors. Anything that fails to start stops
 * what was started.
 */
export async function startCluster(options: StartClusterOptions = {}): Promise<Cluster> {
  const counts: Record<ServiceName, number> = {
    gateway: options.gateways ?? 2,
    trainer: options.trainers ?? 2,
    predictor: options.predictors ?? 3,
  };
  const backing = await startClusterBacking();
  const dir = await mkdtemp(join(tmpdir(), 'tabula-cluster-'));
  const replicas: Record<ServiceName, Replica[]> = { gateway: [], trainer: [], predictor: [] };
  const stopAll = async () => {
    await Promise.all([...replicas.trainer, ...replicas.predictor, ...replicas.gateway].map((replica) => replica.stop()));
    await backing.stop();
    await rm(dir, { recursive: true, force: true });
  };
  try {
    const storeEnv = await backing.clusterEnv();
    const ports = new Set<number>();
    const total = counts.gateway + counts.trainer + counts.predictor;
    while (ports.size < total) ports.add(await freePort());
    const free = [...ports];
    const urlsOf = (service: ServiceName) => Array.from({ length: counts[service] }, () => `http://127.0.0.1:${free.shift()}`);
    const urls: Record<ServiceName, string[]> = { trainer: urlsOf('trainer'), predictor: urlsOf('predictor'), gateway: urlsOf('gateway') };
    const shared: NodeJS.ProcessEnv = {
      ...process.env,
      NODE_ENV: 'test',
      HOST: '127.0.0.1',
      MODELS_DIR: join(dir, 'models'),
      LOG_LEVEL: 'info',
      TRAINER_URL: urls.trainer.join(','),
      PREDICTOR_URL: urls.predictor.join(','),
      ...storeEnv,
      ...options.env,
    };
    for (const service of ['trainer', 'predictor', 'gateway'] as const) {
      replicas[service] = urls[service].map((url, index) => {
        const label = `${service}-${index + 1}`;
        const env = {
          ...shared,
          [PORT_VARIABLE[service]]: new URL(url).port,
          UPLOAD_DIR: join(dir, `uploads-${label}`),
          ...options.serviceEnv?.[service],
        };
        return defineReplica(service, label, url, env);
      });
    }
    await Promise.all([...replicas.trainer, ...replicas.predictor].map((replica) => replica.start({ ready: true })));
    await Promise.all(replicas.gateway.map((replica) => replica.start({ ready: true })));
    const all = () => [...replicas.trainer, ...replicas.predictor, ...replicas.gateway];
    return {
      gateways: replicas.gateway,
      trainers: replicas.trainer,
      predictors: replicas.predictor,
      backing,
      storeEnv,
      all,
      logs: () => all().map((replica) => replica.logs()).join('\n'),
      stopAll,
    };
  } catch (error) {
    await stopAll();
    throw error;
  }
}
