import type { Section } from '../report.js';
import { createAgent, jsonRequest, multipartRequest, send, type PreparedRequest } from './http-client.js';
import { ms, type LatencyStats } from './latency-stats.js';
import { logProgress } from '../log-progress.js';
import { runLoad, type LoadResult } from './run-load.js';
import { irisCsv32 } from './iris-csv.js';
import { IRIS_MODEL, IRIS_RECORD, type ServingSetup } from './serving-setup.js';

/** The Python original, as measured in the issue on this machine (one request at a time, model reloaded each time). */
export const ORIGINAL_PER_SECOND = 19;
export const ORIGINAL_P50_MS = 54;

export interface RequestCounts {
  warmup: number;
  alone: number;
  concurrent: number;
}

export interface RequestLatencyResult {
  sections: Section[];
  csvGatewayAlone: LatencyStats;
  csvGatewayAt8: LoadResult;
}

interface Case {
  label: string;
  gateway: PreparedRequest;
  predictor: PreparedRequest;
}

/** A request to both the gateway and the predictor itself, so their difference is the gateway's cost. */
async function buildCases(setup: ServingSetup): Promise<Case[]> {
  const csv = await irisCsv32();
  const fields = { model_name: IRIS_MODEL, columns_to_drop: '["variety"]' };
  const both = (build: (base: string) => PreparedRequest) => ({
    gateway: build(setup.platform.gatewayUrl),
    predictor: build(setup.platform.predictorUrl),
  });
  return [
    { label: '32-row CSV, multipart', ...both((base) => multipartRequest(new URL('/predict', base), fields, csv)) },
    { label: '1 record, JSON', ...both((base) => jsonRequest(new URL(`/predict?model_name=${IRIS_MODEL}`, base), IRIS_RECORD)) },
  ];
}

/** One request of each case checked for a 200 with the expected shape before anything is timed. */
async function checkCases(cases: Case[]): Promise<void> {
  const agent = createAgent(1);
  try {
    for (const c of cases) {
      for (const prepared of [c.gateway, c.predictor]) {
        const res = await send(agent, prepared);
        const body = res.status === 200 ? (JSON.parse(res.body.toString('utf8')) as Record<string, unknown>) : {};
        const isOk = Array.isArray(body.predictions) ? body.predictions.length === 32 : body.prediction !== undefined;
        if (!isOk) throw new Error(`${c.label} at ${prepared.url} answered ${res.status}: ${res.body.toString('utf8', 0, 500)}`);
      }
    }
  } finally {
    agent.destroy();
  }
}

/** Sequential latency of each case via the gateway and direct, then throughput at concurrency 8 and 32 via the gateway. */
export async function measureRequestLatency(setup: ServingSetup, counts: RequestCounts): Promise<RequestLatencyResult> {
  const cases = await buildCases(setup);
  await checkCases(cases);
  const aloneRows: (string | number)[][] = [];
  const alone = new Map<string, LatencyStats>();
  for (const c of cases) {
    const timeAlone = async (via: 'gateway' | 'predictor'): Promise<LoadResult> => {
      logProgress(`serving: latency alone: ${c.label} via ${via} (${counts.alone} requests)`);
      const agent = createAgent(1);
      try {
        return await runLoad(agent, c[via], { concurrency: 1, requests: counts.alone, warmup: counts.warmup });
      } finally {
        agent.destroy();
      }
    };
    const gateway = await timeAlone('gateway');
    const predictor = await timeAlone('predictor');
    const row = (path: string, s: LoadResult) =>
      [c.label, path, s.count, ms(s.p50Ms), ms(s.p99Ms), ms(s.meanMs), s.errors];
    aloneRows.push(
      row('gateway', gateway),
      row('predictor (direct)', predictor),
      [
        c.label, 'gateway overhead (difference)', '',
        ms(gateway.p50Ms - predictor.p50Ms), ms(gateway.p99Ms - predictor.p99Ms), ms(gateway.meanMs - predictor.meanMs), '',
      ],
    );
    alone.set(c.label, gateway);
  }

  const loadRows: (string | number)[][] = [];
  let csvGatewayAt8: LoadResult | undefined;
  for (const c of cases) {
    for (const concurrency of [8, 32]) {
      logProgress(`serving: throughput: ${c.label} via gateway at concurrency ${concurrency} (${counts.concurrent} requests)`);
      const agent = createAgent(concurrency);
      const result = await runLoad(agent, c.gateway, { concurrency, requests: counts.concurrent, warmup: counts.warmup });
      agent.destroy();
      if (c === cases[0] && concurrency === 8) csvGatewayAt8 = result;
      loadRows.push([
        c.label, concurrency, result.count, Math.round(result.perSecond), ms(result.p50Ms), ms(result.p99Ms), result.errors,
        `${(result.perSecond / ORIGINAL_PER_SECOND).toFixed(0)}×`,
      ]);
      if (result.firstError) logProgress(`serving: first error: ${result.firstError}`);
    }
  }
  loadRows.push([
    'Python original, as measured in the issue (not by this bench)', 'n/a (serial)', '', ORIGINAL_PER_SECOND, ORIGINAL_P50_MS, '', '', '1×',
  ]);

  const sections: Section[] = [
    {
      title: 'Predict latency (alone)',
      columns: ['request', 'path', 'requests', 'p50 ms', 'p99 ms', 'mean ms', 'errors'],
      rows: aloneRows,
      notes: [
        `One request at a time over a keep-alive connection, ${counts.alone} timed requests per row after ${counts.warmup} warm-up ones; time from sending to the last response byte (performance.now()).`,
        `Model: ${IRIS_MODEL}, RandomForestClassifier (100 trees, the default) trained on samples/iris.csv through the gateway. The CSV is 32 rows of iris with the variety column, sent with columns_to_drop=["variety"] as the README's iris_predict.csv example is; the JSON body is one record.`,
        '"gateway overhead" is gateway minus predictor at each statistic (percentile differences, not a per-request difference).',
      ],
    },
    {
      title: 'Throughput under concurrency',
      columns: ['request', 'concurrency', 'requests', 'requests/s', 'p50 ms', 'p99 ms', 'errors', 'vs Python original'],
      rows: loadRows,
      notes: [
        `Closed loop through the gateway: N workers, each sending its next request when its last one answers, ${counts.concurrent} timed requests after ${counts.warmup} warm-up ones; keep-alive agent with N sockets. The load generator runs on the same machine and shares its cores with the services.`,
        `The Python original's ${ORIGINAL_PER_SECOND} requests/s (p50 ${ORIGINAL_P50_MS} ms) is the figure measured in the issue on this machine, not by this bench; it reloads the model file on every request and serves one request at a time.`,
      ],
    },
  ];
  if (!csvGatewayAt8) throw new Error('the concurrency-8 CSV run did not happen');
  return { sections, csvGatewayAlone: alone.get(cases[0].label)!, csvGatewayAt8 };
}
