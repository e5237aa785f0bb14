import { join } from 'node:path';
import { logProgress } from '../log-progress.js';
import type { Section } from '../report.js';
import { median } from '../serving/latency-stats.js';
import { timeJsonPredict } from '../serving/measure-large-batches.js';
import { runPandasBaseline } from '../serving/pandas-baseline.js';
import { BENCH_MODEL } from '../serving/serving-setup.js';
import { LABEL_COLUMN, writeSyntheticCsv } from '../serving/synthetic-csv.js';
import { startBenchModel } from './start-bench-model.js';
import { mb } from '../write-csv-rows.js';

const ROWS = 100_000;
const RUNS = 5;
/** The issue's targets: at most this many seconds, and at most this share of Python's time. */
export const SCORE_100K_TARGET = { seconds: 0.5, shareOfPython: 0.5 } as const;

const spread = (seconds: number[]) => [median(seconds).toFixed(3), Math.min(...seconds).toFixed(3), Math.max(...seconds).toFixed(3)];

/**
 * The score-100k section: a 100,000 × 20 numeric CSV scored by the 100-tree bench forest through the gateway
 * (JSON answer), median of RUNS, beside pandas.read_csv + RandomForestClassifier.predict in one Python process on
 * the same file with a forest fitted on the same training file (the serving section's pandas-baseline.py).
 */
export async function measureScore100k(workDir: string, isSklearnInstalled: boolean): Promise<Section> {
  const { platform, trainCsv } = await startBenchModel(workDir, 'score-100k');
  try {
    const file = await writeSyntheticCsv({ path: join(workDir, 'score-100k.csv'), rows: ROWS, withLabel: false, seed: 2 });
    const ours = await timeJsonPredict({ gatewayUrl: platform.gatewayUrl, model: BENCH_MODEL, file, runs: RUNS, label: 'score-100k: through the gateway' });
    const oursMedian = median(ours);
    const rows: (string | number)[][] = [['ours: POST /predict through the gateway, JSON answer', ...spread(ours), Math.round(ROWS / oursMedian)]];
    const notes = [
      `${ROWS.toLocaleString('en')} rows × 20 numeric features (${mb(file.bytes)} MB), the serving section's synthetic file. Ours: model ${BENCH_MODEL}, RandomForestClassifier(n_estimators=100, random_state=42, other parameters at their scikit-learn defaults: max_depth None, max_features "sqrt", min_samples_leaf 1) trained through the gateway on 80 % of 10,000 synthetic rows; one warm-up, then ${RUNS} runs from the first byte sent to the last byte read (the file uploaded from memory, every prediction counted).`,
    ];
    let pythonMedian = Number.NaN;
    if (isSklearnInstalled) {
      logProgress('score-100k: pandas + scikit-learn in one Python process');
      const python = runPandasBaseline({ trainCsv, target: LABEL_COLUMN, scoreCsv: file.path, drop: [] }, RUNS);
      pythonMedian = median(python);
      rows.push(['pandas.read_csv + RandomForestClassifier.predict, one process', ...spread(python), Math.round(ROWS / pythonMedian)]);
      notes.push(
        `Python (bench/src/serving/pandas-baseline.py): RandomForestClassifier with the same parameters fitted on 80 % of the same training file; per run, reload the pickled model, pandas.read_csv of the file's bytes, predict, json.dumps of the predictions (the original service's work per request, without HTTP); one warm-up, then ${RUNS} runs.`,
      );
    } else {
      notes.push('Python was not timed: scikit-learn or pandas is not installed for /usr/bin/python3.');
    }
    const share = oursMedian / pythonMedian;
    const isMet = oursMedian <= SCORE_100K_TARGET.seconds && share <= SCORE_100K_TARGET.shareOfPython;
    rows.push([
      `target: ≤ ${SCORE_100K_TARGET.seconds} s and ≤ ½ of Python's`,
      `${oursMedian.toFixed(3)} s, ${Number.isFinite(share) ? `${share.toFixed(2)} × Python's` : 'Python not timed'}`,
      '',
      '',
      Number.isFinite(share) ? (isMet ? 'PASS' : 'FAIL') : oursMedian <= SCORE_100K_TARGET.seconds ? 'PASS (time only)' : 'FAIL',
    ]);
    return { title: 'Data in: 100k × 20 CSV scored, ours vs pandas + scikit-learn', columns: ['run', 'median s', 'min s', 'max s', 'rows/s'], rows, notes };
  } finally {
    await platform.stopAll();
  }
}
