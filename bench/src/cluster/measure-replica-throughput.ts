import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { availableParallelism, loadavg } from 'node:os';
import { logProgress } from '../log-progress.js';
import type { Section } from '../report.js';
import { createAgent, jsonRequest, send } from '../serving/http-client.js';
import { ms } from '../serving/latency-stats.js';
import { runLoad, type LoadResult } from '../serving/run-load.js';
import { startReplicas } from './start-replicas.js';

const CONCURRENCY = 32;
// Over the defaults, as the serving section runs them: no per-request info logs (the bench measures serving, not pino).
const REPLICA_ENV = { LOG_LEVEL: 'warn' };

export interface ReplicaRun {
  predictors: number;
  load: LoadResult;
  /** CPU the services' processes used during the measured run, in cores (CPU seconds / wall seconds). */
  serviceCores: number;
  clientCores: number;
  loadAverage: [number, number];
}

export interface ReplicaOptions {
  /** The store the predictors read, as their settings (MODELS_DIR, or DATABASE_URL + ARTIFACTS_URI + S3_*). */
  storeEnv: Record<string, string>;
  storeLabel: string;
  model: string;
  nFeatures: number;
  nTrees: number;
  warmup: number;
  requests: number;
}

const CLOCK_TICKS = Number(spawnSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }).stdout.trim()) || 100;

/** User + system CPU seconds a process (all its threads) has used, from /proc/<pid>/stat. */
function cpuSeconds(pid: number): number {
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  // Fields after the command name (which may hold spaces, inside parentheses): utime and stime are 14th and 15th.
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return (Number(fields[11]) + Number(fields[12])) / CLOCK_TICKS;
}

/**
 * Predictions per second at concurrency 32 through one gateway with 1 and with 3 predictor processes over one
 * store: one-record JSON requests to POST /predict, a closed loop (runLoad), with the CPU the services and the
 * load client used, since on a small machine the cores, not the replicas, set the ceiling.
 */
export async function measureReplicaThroughput(options: ReplicaOptions): Promise<Section> {
  const record = Object.fromEntries(Array.from({ length: options.nFeatures }, (_, f) => [`x${f}`, (f % 7) / 7 - 0.5]));
  const runs: ReplicaRun[] = [];
  for (const predictors of [1, 3]) {
    logProgress(`cluster: starting a gateway and ${predictors} predictor(s) over ${options.storeLabel}`);
    const replicas = await startReplicas(predictors, options.storeEnv, REPLICA_ENV);
    const agent = createAgent(CONCURRENCY);
    try {
      const prepared = jsonRequest(new URL(`/predict?model_name=${options.model}`, replicas.gatewayUrl), record);
      // Every predictor must answer before anything is timed: a 404 here means the predictors do not read this store.
      for (const url of replicas.predictorUrls) {
        const res = await send(agent, { ...prepared, url: new URL(`/predict?model_name=${options.model}`, url) });
        if (res.status !== 200) throw new Error(`${url} answered ${res.status} for ${options.model}: ${res.body.toString('utf8', 0, 500)}`);
      }
      logProgress(`cluster: ${options.requests} predictions at concurrency ${CONCURRENCY} with ${predictors} predictor(s)`);
      await runLoad(agent, prepared, { concurrency: CONCURRENCY, requests: options.warmup, warmup: 0 });
      const loadBefore = loadavg()[0];
      const cpuBefore = replicas.pids.map(cpuSeconds);
      const clientBefore = process.cpuUsage();
      const load = await runLoad(agent, prepared, { concurrency: CONCURRENCY, requests: options.requests, warmup: 0 });
      const client = process.cpuUsage(clientBefore);
      const serviceSeconds = replicas.pids.reduce((sum, pid, i) => sum + cpuSeconds(pid) - cpuBefore[i], 0);
      runs.push({
        predictors,
        load,
        serviceCores: serviceSeconds / (load.wallMs / 1000),
        clientCores: (client.user + client.system) / 1000 / load.wallMs,
        loadAverage: [loadBefore, loadavg()[0]],
      });
    } finally {
      agent.destroy();
      await replicas.stop();
    }
  }
  return toSection(runs, options);
}

function toSection(runs: ReplicaRun[], options: ReplicaOptions): Section {
  const [one, three] = runs;
  const cores = availableParallelism();
  return {
    title: 'Cluster: predictions through one gateway, 1 vs 3 predictors',
    columns: ['predictors', 'in flight', 'predictions/s', 'p50, ms', 'p99, ms', 'errors', 'CPU used by the services, cores', 'CPU used by the load client, cores', 'load average (1 min) before → after'],
    rows: runs.map((run) => [
      run.predictors,
      CONCURRENCY,
      Math.round(run.load.perSecond),
      ms(run.load.p50Ms),
      ms(run.load.p99Ms),
      run.load.errors > 0 ? `${run.load.errors} (${run.load.firstError ?? ''})` : 0,
      run.serviceCores.toFixed(2),
      run.clientCores.toFixed(2),
      `${run.loadAverage[0].toFixed(2)} → ${run.loadAverage[1].toFixed(2)}`,
    ]),
    notes: [
      `One-record JSON requests to POST /predict?model_name=${options.model} (the ${options.nFeatures}-feature, ${options.nTrees}-tree forest of the cold-load table) through one gateway process whose PREDICTOR_URL lists the predictor processes (least-busy replica first); ${options.requests.toLocaleString('en-US')} measured requests after ${options.warmup} unmeasured ones, ${CONCURRENCY} in flight (the serving section's closed-loop client, runLoad). 3 predictors give ${(three.load.perSecond / one.load.perSecond).toFixed(2)}× the predictions/s of 1.`,
      `Store the predictors read: ${options.storeLabel}. Each predictor loads the forest on demand from there into its own cache and resolves the model with no query per request (the resolution cache LISTEN/NOTIFY keeps current). --cluster-store folder gives them one shared MODELS_DIR instead (a valid deployment of the embedded store too), postgres+file a shared file:// artifact folder.`,
      `CPU ceiling: this machine has ${cores} cores (os.availableParallelism()), shared by the gateway, every predictor (each with its scoring worker threads), the load client and whatever else runs on it (see the load averages: above ${cores} means other work queued for the same cores). The services used ${one.serviceCores.toFixed(2)} cores with 1 predictor and ${three.serviceCores.toFixed(2)} with 3, the load client ${one.clientCores.toFixed(2)} and ${three.clientCores.toFixed(2)}. With the cores taken, more replicas cannot add throughput here, only scheduling and memory; replicas scale on machines (or nodes) with cores to spare, which this table cannot show.`,
    ],
  };
}
