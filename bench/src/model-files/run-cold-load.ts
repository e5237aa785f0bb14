import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { fileURLToPath } from 'node:url';

const execFileAsync = promisify(execFile);
const COLD_LOAD = fileURLToPath(new URL('./cold-load.js', import.meta.url));

/** The settings that pick a model store; the bench's own environment must not leak one into a measured process. */
const STORE_SETTINGS = ['MODELS_DIR', 'DATABASE_URL', 'ARTIFACTS_URI', 'S3_ENDPOINT', 'S3_FORCE_PATH_STYLE'];

export interface LoadTiming {
  readMs: number;
  decodeMs: number;
  totalMs: number;
  memoryBytes: number;
}

/** The environment a child process gets: the bench's own, without its store settings, plus `storeEnv`. */
export function childEnv(storeEnv: Record<string, string>): NodeJS.ProcessEnv {
  const env = { ...process.env };
  for (const key of STORE_SETTINGS) delete env[key];
  return { ...env, ...storeEnv };
}

/**
 * Loads one version cold in a fresh Node process (cold-load.ts) over the store `storeEnv` names
 * (`{ MODELS_DIR }` for the folder, DATABASE_URL + ARTIFACTS_URI + S3_* for the cluster), and returns its timing.
 * Asynchronous: the bench process may itself be serving the artifacts (s3rver runs in it).
 */
export async function runColdLoad(storeEnv: Record<string, string>, name: string, version: number): Promise<LoadTiming> {
  const { stdout } = await execFileAsync(process.execPath, [COLD_LOAD, name, String(version)], { encoding: 'utf8', env: childEnv(storeEnv) });
  return JSON.parse(stdout.trim()) as LoadTiming;
}
