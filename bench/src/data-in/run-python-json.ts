import { spawnSync } from 'node:child_process';
import { basename } from 'node:path';
import { fileURLToPath } from 'node:url';
import { PYTHON } from '../training/run-sklearn.js';

/** A script of bench/src/data-in/ (tsc does not copy .py files to dist/, so they are read from src/). */
export const dataInScript = (name: string): string => fileURLToPath(new URL(`../../src/data-in/${name}`, import.meta.url));

/** Runs a baseline script with the system Python and parses the one JSON object it prints on stdout. */
export function runPythonJson<T>(script: string, args: string[]): T {
  const result = spawnSync(PYTHON, [script, ...args], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'], maxBuffer: 1 << 20 });
  if (result.error !== undefined) throw result.error;
  if (result.status !== 0) throw new Error(`${basename(script)} ${args.join(' ')} exited with ${result.status ?? result.signal}`);
  return JSON.parse(result.stdout) as T;
}
