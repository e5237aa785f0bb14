import { afterAll, beforeAll } from '@jest/globals';
import { postJson, postParts, type ApiResponse, type FilePart, type FormPart } from './http.js';
import { startCluster, type Cluster, type StartClusterOptions } from './cluster.js';
import { IRIS, SMALL_FOREST, csvPart } from './tabula.js';

/** Starting PostgreSQL, s3rver and seven services on two busy cores takes a while. */
export const CLUSTER_START_MS = 240_000;

/** One cluster for a test file: started before its tests, stopped (every process) after them. */
export function useCluster(options: StartClusterOptions = {}): Cluster {
  const cluster = {} as Cluster;
  beforeAll(async () => {
    Object.assign(cluster, await startCluster(options));
  }, CLUSTER_START_MS);
  afterAll(async () => {
    // A replica that died by itself explains most failures in the file: its output goes where jest shows it.
    for (const replica of cluster.all?.() ?? []) {
      const crash = replica.crashed();
      if (crash) process.stderr.write(`${crash}\n`);
    }
    await cluster.stopAll?.();
  }, 120_000);
  return cluster;
}

/** One iris record, as the JSON predict route takes it. */
export const IRIS_RECORD = { 'sepal.length': 5.1, 'sepal.width': 3.5, 'petal.length': 1.4, 'petal.width': 0.2 };

/** POST /train (synchronous unless `async`) on iris through one gateway, with a small seeded forest. */
export function trainVia(
  baseUrl: string,
  fields: Record<string, string>,
  options: { async?: boolean; headers?: Record<string, string>; file?: FilePart } = {},
): Promise<ApiResponse> {
  const url = `${baseUrl}/train${options.async ? '?async=true' : ''}`;
  const form = { model_type: 'RandomForestClassifier', model_params: SMALL_FOREST, target_column: 'variety', columns_to_drop: '', ...fields };
  const parts: FormPart[] = [
    { name: 'dataset_file', file: options.file ?? csvPart(IRIS) },
    ...Object.entries(form).map(([name, value]) => ({ name, value })),
  ];
  return postParts(url, parts, 300_000, { accept: 'application/json', ...options.headers });
}

/** POST /predict with one JSON record to a gateway or straight to one predictor; `version` unset means the default. */
export function predictJson(baseUrl: string, model: string, version?: string | number): Promise<ApiResponse> {
  const query = new URLSearchParams({ model_name: model, ...(version === undefined ? {} : { model_version: String(version) }) });
  return postJson(`${baseUrl}/predict?${query}`, IRIS_RECORD);
}

/**
 * Polls `probe` until it returns a value (not undefined), every `everyMs`, up to a generous `timeoutMs`: for
 * "eventually" assertions, never a latency budget. Throws naming `what` and the last thing seen.
 */
export async function waitUntil<T>(what: string, probe: () => Promise<T | undefined>, timeoutMs = 60_000, everyMs = 50): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let last: unknown = 'nothing yet';
  for (;;) {
    try {
      const value = await probe();
      if (value !== undefined) return value;
      last = 'not yet';
    } catch (error) {
      last = (error as Error).message;
    }
    if (Date.now() > deadline) throw new Error(`${what}: not within ${timeoutMs} ms (last: ${String(last)})`);
    await new Promise((resolve) => setTimeout(resolve, everyMs));
  }
}

/** The p-th percentile (0–100, nearest rank) of some numbers. */
export function percentile(values: number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))];
}

/** A figure for the report: printed on stderr where jest shows it, one line, greppable by `cluster figure:`. */
export function reportFigure(name: string, value: string): void {
  process.stderr.write(`cluster figure: ${name}: ${value}\n`);
}
