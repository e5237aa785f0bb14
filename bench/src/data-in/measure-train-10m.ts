import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { rm } from 'node:fs/promises';
import { startPlatform } from '@tabula/tests/support/platform.js';
import { logProgress } from '../log-progress.js';
import type { Section } from '../report.js';
import { createAgent, postFile } from '../serving/http-client.js';
import { readProcMemory } from '../serving/rss-sampler.js';
import { CREDIT_CARD_TARGET, writeCreditCardCsv } from './credit-card-csv.js';
import type { FitBaseline } from './measure-train-284k.js';
import { TRAINING_ENV } from './measure-train-284k.js';
import { dataInScript, runPythonJson } from './run-python-json.js';
import { mb } from '../write-csv-rows.js';

const ROWS = 10_000_000;
const QUICK_ROWS = 500_000;
const FOREST = { n_estimators: 100, random_state: 42 };
/** The issue's target for the trainer's peak RSS. */
const TARGET_MB = 2048;
/**
 * The machine is shared: a trainer that holds the parsed file (tens of GB for 10M rows in a build without the
 * streaming path) is stopped once its RSS passes this, and the row says so rather than taking the machine down.
 */
const SAFETY_CAP_MB = 6144;
const SAMPLE_MS = 200;
/** scikit-learn fits fewer, smaller trees: 100 full trees on 10M rows with n_jobs=1 would take hours; its peak is the data's. */
const PYTHON_FOREST = { trees: 10, maxSamples: 100_000 };
/**
 * A 2.5 GB upload and 10M rows pass the trainer's defaults (1 GB, 5M rows), which an operator raises for such files.
 * TRAINER_STREAMING_MIN_MB=64 sends the --quick file (120 MB) down the streaming path too, so a quick run measures it.
 */
const BIG_ENV = { ...TRAINING_ENV, MAX_UPLOAD_MB: '8192', MAX_ROWS: '20000000', TRAIN_MAX_SECONDS: '7200', TRAINER_STREAMING_MIN_MB: '64' };

/** The parts of the 201 answer the section reports. */
interface TrainedSummary {
  metrics: { roc_auc?: number };
  n_train: number;
  forest_size_bound?: { budget_mb: number; applied: { min_samples_leaf: number } };
}

/** The streaming path's bound on the forest, as the answer gave it (it is part of what was measured). */
function describeBound(trained: TrainedSummary | null): string {
  if (trained === null) return '';
  const bound = trained.forest_size_bound;
  if (bound === undefined) return `The trees grew as asked on ${trained.n_train.toLocaleString('en')} training rows (no forest size bound applied).`;
  return `On ${trained.n_train.toLocaleString('en')} training rows the streaming path raised min_samples_leaf to ${bound.applied.min_samples_leaf} to keep the trees within ${bound.budget_mb} MB (forest_size_bound in the answer).`;
}

/** "CODE: message" of an error answer, without the request id (the raw start of the body when it is not JSON). */
function describeError(body: Buffer): string {
  try {
    const { error } = JSON.parse(body.toString('utf8')) as { error?: { code?: string; message?: string } };
    if (error?.code !== undefined) return `${error.code}: ${error.message ?? ''}`;
  } catch {
    // Not JSON (a proxy's page, a cut body): show it as it came.
  }
  return body.toString('utf8', 0, 400);
}

/**
 * The train-10m section (opt-in): a 10,000,000 × 30 credit-card-like CSV (about 2.5 GB, streamed to disk and
 * deleted after) trained through the gateway; the trainer's peak RSS (VmHWM, every thread of the process) beside
 * scikit-learn's (ru_maxrss after read_csv + fit) on the same file. Whatever the build does is reported: a 201,
 * a refusal, a crash, or a stop at the safety cap.
 */
export async function measureTrain10m(workDir: string, quick: boolean, isSklearnInstalled: boolean): Promise<Section> {
  const rows = quick ? QUICK_ROWS : ROWS;
  logProgress(`train-10m: writing a ${rows.toLocaleString('en')}-row credit-card-like CSV (5 decimals)`);
  const file = await writeCreditCardCsv({ path: join(workDir, 'train-10m.csv'), rows, decimals: 5, seed: 10 });
  logProgress(`train-10m: wrote ${mb(file.bytes)} MB`);
  try {
    logProgress('train-10m: starting gateway, trainer and predictor');
    const platform = await startPlatform({ env: BIG_ENV });
    let outcome: string;
    let trained: TrainedSummary | null = null;
    let peakSampledMb = 0;
    let hwmMb = Number.NaN;
    let isCapped = false;
    const startMs = performance.now();
    try {
      const trainerPid = platform.pid('trainer')!;
      const watchdog = setInterval(() => {
        const { rssMb } = readProcMemory(trainerPid);
        if (rssMb > peakSampledMb) peakSampledMb = rssMb;
        if (rssMb > SAFETY_CAP_MB && !isCapped) {
          isCapped = true;
          logProgress(`train-10m: trainer RSS ${rssMb.toFixed(0)} MB passed the ${SAFETY_CAP_MB} MB safety cap: stopping it`);
          hwmMb = readProcMemory(trainerPid).hwmMb;
          void platform.stop('trainer', { signal: 'SIGKILL' });
        }
      }, SAMPLE_MS);
      const agent = createAgent(1);
      try {
        logProgress(`train-10m: POST /train of ${mb(file.bytes)} MB through the gateway`);
        const fields = { model_type: 'RandomForestClassifier', target_column: CREDIT_CARD_TARGET, model_name: 'creditcard-10m', model_params: JSON.stringify(FOREST) };
        const res = await postFile(agent, new URL('/train', platform.gatewayUrl), fields, 'dataset_file', file.path).catch((error: Error) => error);
        const seconds = ((performance.now() - startMs) / 1000).toFixed(0);
        if (!(res instanceof Error) && res.status === 201) trained = JSON.parse(res.body.toString('utf8')) as TrainedSummary;
        outcome =
          res instanceof Error
            ? `the upload failed after ${seconds} s: ${res.message}`
            : `answered ${res.status} after ${seconds} s${res.status === 201 ? '' : `: ${describeError(res.body)}`}`;
      } finally {
        clearInterval(watchdog);
        agent.destroy();
      }
      if (!isCapped) hwmMb = readProcMemory(trainerPid).hwmMb;
      if (isCapped) outcome = `stopped at the ${SAFETY_CAP_MB} MB safety cap (the gateway then ${outcome})`;
    } finally {
      await platform.stopAll();
    }
    logProgress(`train-10m: ours ${outcome}`);
    const oursPeakMb = Math.max(hwmMb, peakSampledMb);
    const tableRows: (string | number)[][] = [
      ['ours: trainer, POST /train through the gateway', outcome, Number.isFinite(oursPeakMb) ? oursPeakMb.toFixed(0) : 'n/a', trained?.metrics.roc_auc?.toFixed(4) ?? 'n/a'],
    ];
    const notes = [
      `${rows.toLocaleString('en')} rows × 31 columns (${mb(file.bytes)} MB) of the credit-card-like data (5 decimals), written by the bench and deleted after the section.`,
      `Ours: RandomForestClassifier ${JSON.stringify(FOREST)}, the trainer's defaults otherwise, with MAX_UPLOAD_MB=8192, MAX_ROWS=20000000, TRAIN_MAX_SECONDS=7200 (the defaults, 1 GB and 5M rows, refuse such a file) and TRAINER_STREAMING_MIN_MB=64. AUC: the answer's held-out roc_auc (at most 200,000 rows of the 20 % test split). ${describeBound(trained)} Peak: the larger of VmHWM (the kernel's peak RSS of the trainer process, worker threads included, since it started just before) and VmRSS sampled every ${SAMPLE_MS} ms. The trainer is stopped (SIGKILL) if its RSS passes ${SAFETY_CAP_MB} MB, so a build that holds the parsed file does not exhaust a shared machine.`,
    ];
    if (isSklearnInstalled) {
      logProgress(`train-10m: pandas.read_csv + RandomForestClassifier(${PYTHON_FOREST.trees} trees, max_samples=${PYTHON_FOREST.maxSamples}).fit`);
      const python = runPythonJson<FitBaseline>(dataInScript('fit-baseline.py'), [file.path, CREDIT_CARD_TARGET, String(PYTHON_FOREST.trees), String(PYTHON_FOREST.maxSamples), '0']);
      tableRows.push([
        `pandas.read_csv + RandomForestClassifier(n_estimators=${PYTHON_FOREST.trees}, max_samples=${PYTHON_FOREST.maxSamples.toLocaleString('en')}, n_jobs=1).fit`,
        `read ${python.read_s.toFixed(0)} s, fit ${python.fit_s.toFixed(0)} s`,
        python.max_rss_mb.toFixed(0),
        python.auc?.toFixed(4) ?? 'n/a (fits every row)',
      ]);
      notes.push(
        `Python (bench/src/data-in/fit-baseline.py): read_csv of the whole file, the target popped (no copy of the features), then fit on every row with ${PYTHON_FOREST.trees} trees of at most ${PYTHON_FOREST.maxSamples.toLocaleString('en')} bootstrap rows each (100 full trees on 10M rows with n_jobs=1 would take hours); its peak (ru_maxrss after fit) is the DataFrame plus fit's float32 copy, which the tree count barely moves.`,
      );
    } else {
      notes.push('Python was not run: scikit-learn or pandas is not installed for /usr/bin/python3.');
    }
    tableRows.push([`target: trainer peak < ${TARGET_MB} MB`, '', Number.isFinite(oursPeakMb) && !isCapped && outcome.startsWith('answered 201') ? (oursPeakMb < TARGET_MB ? 'PASS' : 'FAIL') : 'FAIL (did not train)', '']);
    return { title: `Data in: training a ${rows.toLocaleString('en')} × 30 CSV, peak memory`, columns: ['run', 'outcome', 'peak RSS MB', 'held-out AUC'], rows: tableRows, notes };
  } finally {
    await rm(file.path, { force: true });
  }
}
