import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { LOGISTIC_FITS, type EngineRun, type ModelKind, type ScoringBatch } from './engine-run.js';
import type { BenchDataset } from './labelled-matrix.js';

/** The system Python, where `apt-get install python3-sklearn python3-pandas` puts scikit-learn. */
export const PYTHON = '/usr/bin/python3';
// tsc does not copy the script to dist/, so it is read from src/ beside this file's source.
const SCRIPT = fileURLToPath(new URL('../../src/training/sklearn-baseline.py', import.meta.url));

/** The installed scikit-learn version, or null when Python, scikit-learn or pandas is missing. */
export function findSklearnVersion(): string | null {
  const probe = spawnSync(PYTHON, ['-c', 'import pandas, sklearn; print(sklearn.__version__)'], { encoding: 'utf8' });
  return probe.status === 0 ? probe.stdout.trim() : null;
}

/**
 * Fits scikit-learn's RandomForestClassifier(n_jobs=1) or lbfgs LogisticRegression on the
 * dataset's CSV files in `directory` (see writeMatrixCsv) and reads back its held-out probabilities;
 * the forest's batch is scored with n_jobs=1 and again with n_jobs=2.
 */
export function runSklearn(directory: string, dataset: BenchDataset, model: ModelKind, nTrees: number, batch: ScoringBatch): EngineRun {
  const nFits = model === 'logistic' ? LOGISTIC_FITS : 1;
  const result = spawnSync(PYTHON, [SCRIPT, directory, model, String(nTrees), String(nFits), String(batch.nRows)], {
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'inherit'],
    maxBuffer: 1 << 20,
  });
  if (result.error !== undefined) throw result.error;
  if (result.status !== 0) throw new Error(`sklearn-baseline.py ${model} on ${dataset.name} exited with code ${result.status}`);
  const printed = JSON.parse(result.stdout) as { fit_s: number; predict_rows_per_s: number; predict_rows_per_s_2_jobs?: number };

  const bytes = readFileSync(join(directory, `sklearn-${model}-proba.f64`));
  const proba = new Float64Array(bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength));
  if (proba.length !== dataset.test.nRows * dataset.nClasses) {
    throw new Error(`scikit-learn wrote ${proba.length} probabilities for ${dataset.test.nRows} rows × ${dataset.nClasses} classes`);
  }
  return { fitSeconds: printed.fit_s, proba, predictRowsPerSecond: printed.predict_rows_per_s, predictRowsPerSecondTwoJobs: printed.predict_rows_per_s_2_jobs };
}
