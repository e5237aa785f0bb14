import { randomUUID } from 'node:crypto';
import { hostname } from 'node:os';
import { csvSizeLimitsOf, formatLimitsOf, modelLimitsOf, type TrainingProgress, type TrainResponse } from '@tabula/contracts';
import { storeSpecOf, type ArtifactStore, type ModelStore } from '@tabula/model-store';
import { ServiceMetrics, WorkerPool, type Logger } from '@tabula/service-kit';
import type { TrainerDeps } from './app.js';
import type { TrainerConfig } from './config.js';
import { ClusterJobRunner } from './jobs/cluster/cluster-job-runner.js';
import { ClusterTrainingQueue } from './jobs/cluster/cluster-training-queue.js';
import { JobDatabase } from './jobs/cluster/job-database.js';
import { JobRows } from './jobs/cluster/job-rows.js';
import { TrainingBoss } from './jobs/cluster/training-boss.js';
import { TrainingJobs, type TrainingJobInput, type TrainingPool } from './jobs/training-jobs.js';
import { TrainingMetrics } from './jobs/training-metrics.js';

export interface TrainerParts {
  store: ModelStore;
  /** Where uploads are spooled (a scratch dir the trainer owns). */
  uploadDir: string;
  logger: Logger;
  /** Cluster mode (DATABASE_URL set): the artifact store of ARTIFACTS_URI, where uploads wait for a trainer and which /ready checks. */
  artifacts?: ArtifactStore;
}

/**
 * Everything createApp needs, as the configuration asks: TRAINER_WORKERS worker threads running
 * train-worker.js with the CSV and model caps, behind a queue of TRAINER_QUEUE_MAX and the
 * TRAIN_MAX_SECONDS limit, and the upload bound. The server and the service tests build the
 * trainer the same way, so the tests train on real threads. `jobs.close()` stops the threads.
 * Folder mode queues in memory (TrainingJobs); cluster mode (DATABASE_URL and `artifacts` given) on
 * PostgreSQL with pg-boss (ClusterTrainingQueue), whose `jobs.start()` the server calls before listening.
 */
export function createTrainerDeps(config: TrainerConfig, { store, uploadDir, logger, artifacts }: TrainerParts): TrainerDeps {
  const pool = new WorkerPool<TrainingJobInput, TrainResponse, TrainingProgress>(
    new URL('./jobs/train-worker.js', import.meta.url),
    config.TRAINER_WORKERS,
    {
      storeSpec: storeSpecOf(config),
      csvLimits: { maxRows: config.MAX_ROWS, maxColumns: config.MAX_COLUMNS, ...csvSizeLimitsOf(config) },
      modelLimits: modelLimitsOf(config),
      formatLimits: formatLimitsOf(config),
      streamingMinBytes: config.TRAINER_STREAMING_MIN_MB * 1024 * 1024,
      streamingForestBytes: config.TRAINER_STREAMING_FOREST_MB * 1024 * 1024,
    },
    logger,
  );
  const metrics = new ServiceMetrics('trainer');
  const trainingMetrics = new TrainingMetrics(metrics);
  const spec = storeSpecOf(config);
  const jobs =
    spec.kind === 'postgres' && artifacts
      ? clusterQueue(config, { pool, artifacts, uploadDir, logger, metrics: trainingMetrics, databaseUrl: spec.databaseUrl })
      : new TrainingJobs({ pool, queueMax: config.TRAINER_QUEUE_MAX, maxRunSeconds: config.TRAIN_MAX_SECONDS, logger, metrics: trainingMetrics });
  return {
    store,
    logger,
    metrics,
    jobs,
    uploadDir,
    maxUploadBytes: config.MAX_UPLOAD_MB * 1024 * 1024,
    modelLimits: modelLimitsOf(config),
    // Folder mode keeps its one check and its name; cluster mode names the two things a trainer needs.
    readiness: artifacts
      ? { database: () => store.checkReadable(), artifact_store: () => artifacts.check() }
      : { models_dir_writable: () => store.checkWritable() },
  };
}

interface ClusterParts {
  pool: TrainingPool;
  artifacts: ArtifactStore;
  uploadDir: string;
  logger: Logger;
  metrics: TrainingMetrics;
  databaseUrl: string;
}

/** Cluster mode's queue: job rows and pg-boss on the registry database, the worker pool running what it delivers. */
function clusterQueue(config: TrainerConfig, { pool, artifacts, uploadDir, logger, metrics, databaseUrl }: ClusterParts): ClusterTrainingQueue {
  // Unique per process (and per trainer built in one test process): the owner named in a job's row.
  const trainerId = `${hostname()}/${process.pid}/${randomUUID().slice(0, 8)}`;
  const rows = new JobRows(new JobDatabase(databaseUrl));
  const leaseS = config.TRAINER_JOB_LEASE_SECONDS;
  // Five beats per lease: a job is handed over only after several missed heartbeats, never one slow statement.
  const heartbeatMs = Math.max(500, (leaseS * 1000) / 5);
  let counts = { queued: 0, running: 0 };
  metrics.watchJobs((status) => (status === 'queued' || status === 'running' ? counts[status] : 0));
  const runner = new ClusterJobRunner({
    rows,
    artifacts,
    pool,
    trainerId,
    uploadDir,
    maxRunSeconds: config.TRAIN_MAX_SECONDS,
    heartbeatMs,
    logger,
    metrics,
    // The queue is built below; a job only ends once it runs, well after.
    onEnded: (id) => queue.noteEnded(id),
  });
  const boss = new TrainingBoss({
    databaseUrl,
    rows,
    runner,
    pool,
    artifacts,
    trainerId,
    leaseS,
    maxAttempts: config.TRAINER_JOB_ATTEMPTS,
    maxRunSeconds: config.TRAIN_MAX_SECONDS,
    sweepMs: heartbeatMs,
    logger,
    onCounts: (latest) => (counts = latest),
  });
  const queue = new ClusterTrainingQueue({ rows, boss, runner, artifacts, queueMax: config.TRAINER_QUEUE_MAX, logger });
  return queue;
}
