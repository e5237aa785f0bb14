import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { PYTHON } from '../training/run-sklearn.js';

// tsc does not copy the script to dist/, so it is read from src/ beside this file's source.
const SCRIPT = fileURLToPath(new URL('../../src/serving/pandas-baseline.py', import.meta.url));

/** A file to score and the training file and target of the model that scores it. */
export interface BaselineCase {
  trainCsv: string;
  target: string;
  scoreCsv: string;
  /** Columns of the scored file that are not features (sent as columns_to_drop). */
  drop: string[];
}

/**
 * Times the Python original's per-request work on the file in one process (pandas-baseline.py:
 * model reload, read_csv, predict, JSON), `runs` times after a warm-up: seconds per run.
 */
export function runPandasBaseline({ trainCsv, target, scoreCsv, drop }: BaselineCase, runs: number): number[] {
  const result = spawnSync(PYTHON, [SCRIPT, trainCsv, target, scoreCsv, String(runs), ...drop], {
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  if (result.error !== undefined) throw result.error;
  if (result.status !== 0) throw new Error(`pandas-baseline.py on ${scoreCsv} exited with code ${result.status}`);
  return (JSON.parse(result.stdout) as { seconds: number[] }).seconds;
}
