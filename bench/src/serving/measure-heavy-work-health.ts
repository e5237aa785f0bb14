import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { JobAcceptedSchema, JobSchema, type Job } from '@tabula/contracts';
import type { Section } from '../report.js';
import { logProgress } from '../log-progress.js';
import { createAgent, postFile, send, type PreparedRequest } from './http-client.js';
import { ms } from './latency-stats.js';
import { runLoad, type LoadResult } from './run-load.js';
import { BENCH_MODEL, type ServingSetup } from './serving-setup.js';
import { LABEL_COLUMN, writeSyntheticCsv } from './synthetic-csv.js';

/**
 * The budgets the e2e tests used to assert: a service's /health answers this fast while its
 * heaviest work runs, which holds only if that work is off the event loop. Here, not in the tests,
 * because a busy machine moves them (the tests count answers instead).
 */
export const HEALTH_TARGETS = { p99Ms: 50, maxMs: 250 } as const;

const TRAINING_TREES = 300;
const DRIFT_ROWS = 200_000;

export interface HeavyWorkHealthResult {
  section: Section;
  /** Each measured probe, for the targets table. */
  probes: { name: string; stats: LoadResult }[];
}

const get = (url: string): PreparedRequest => ({ method: 'GET', url: new URL(url), headers: {} });

/** Polls /health of the given services, one request at a time each, until `isDone()`. */
function probeWhile(targets: { name: string; url: string }[], isDone: () => boolean): Promise<{ name: string; stats: LoadResult }[]> {
  return Promise.all(
    targets.map(async ({ name, url }) => {
      const agent = createAgent(1);
      try {
        const stats = await runLoad(agent, get(url), { concurrency: 1, requests: Number.MAX_SAFE_INTEGER, warmup: 0, shouldStop: isDone });
        return { name, stats };
      } finally {
        agent.destroy();
      }
    }),
  );
}

/**
 * /health latency of the trainer (direct and through the gateway) while a large forest trains, and
 * of the predictor while it checks drift on a 200,000-row file: both jobs run on worker threads,
 * so the event loops that answer /health should not notice them.
 */
export async function measureHeavyWorkHealth(setup: ServingSetup, workDir: string): Promise<HeavyWorkHealthResult> {
  const { gatewayUrl, trainerUrl, predictorUrl } = setup.platform;
  const agent = createAgent(2);
  try {
    logProgress(`serving: health during heavy work: training ${TRAINING_TREES} trees`);
    const accepted = await postFile(
      agent,
      new URL(`${gatewayUrl}/train?async=true`),
      { target_column: LABEL_COLUMN, model_name: 'bench-heavy', model_params: JSON.stringify({ n_estimators: TRAINING_TREES, random_state: 3 }) },
      'dataset_file',
      setup.benchTrainPath,
    );
    if (accepted.status !== 202) throw new Error(`POST /train?async=true answered ${accepted.status}: ${accepted.body.toString('utf8', 0, 300)}`);
    const { job_id: jobId } = JobAcceptedSchema.parse(JSON.parse(accepted.body.toString('utf8')));
    let job: Job | undefined;
    let isTrainingDone = false;
    const watchJob = (async () => {
      while (!isTrainingDone) {
        const res = await send(agent, get(`${gatewayUrl}/jobs/${jobId}`));
        job = JobSchema.parse(JSON.parse(res.body.toString('utf8')));
        isTrainingDone = job.status !== 'queued' && job.status !== 'running';
        if (!isTrainingDone) await sleep(200);
      }
    })();
    const duringTraining = await probeWhile(
      [
        { name: 'trainer /health, direct', url: `${trainerUrl}/health` },
        { name: 'gateway /health', url: `${gatewayUrl}/health` },
      ],
      () => isTrainingDone,
    );
    await watchJob;

    logProgress(`serving: health during heavy work: drift check of ${DRIFT_ROWS} rows`);
    const driftPath = join(workDir, 'drift.csv');
    await writeSyntheticCsv({ path: driftPath, rows: DRIFT_ROWS, withLabel: false, seed: 9 });
    let isDriftDone = false;
    const drift = postFile(agent, new URL(`${gatewayUrl}/monitoring/drift`), { model_name: BENCH_MODEL }, 'input_file', driftPath).finally(() => {
      isDriftDone = true;
    });
    const duringDrift = await probeWhile([{ name: 'predictor /health, direct', url: `${predictorUrl}/health` }], () => isDriftDone);
    const driftAnswer = await drift;

    const probes = [
      ...duringTraining.map((p) => ({ ...p, name: `${p.name}, during the training` })),
      ...duringDrift.map((p) => ({ ...p, name: `${p.name}, during the drift check` })),
    ];
    const runMs = job?.run_ms;
    return {
      probes,
      section: {
        title: 'Health during heavy work',
        columns: ['probe', 'requests', 'p50 ms', 'p99 ms', 'max ms', 'errors'],
        rows: probes.map(({ name, stats }) => [name, stats.count, ms(stats.p50Ms), ms(stats.p99Ms), ms(stats.maxMs), stats.errors]),
        notes: [
          `The training: ${TRAINING_TREES} trees on the ${BENCH_MODEL} model's training file, posted to /train?async=true through the gateway; the job ended ${job?.status ?? 'unknown'}${runMs !== undefined && runMs !== null ? ` after ${(runMs / 1000).toFixed(1)} s` : ''}.`,
          `The drift check: ${DRIFT_ROWS.toLocaleString('en')} rows of the 20-feature CSV posted to /monitoring/drift for ${BENCH_MODEL} through the gateway; it answered ${driftAnswer.status}.`,
          'One client per probe sends GET /health one at a time until the work ends; the e2e tests only count these answers, since a busy machine moves their latency.',
        ],
      },
    };
  } finally {
    agent.destroy();
  }
}
