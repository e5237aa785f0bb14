import { mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { logProgress } from '../log-progress.js';
import type { Section } from '../report.js';
import { writeMatrixCsv } from './csv-io.js';
import { LOGISTIC_FITS, type EngineRun, type ModelKind, type ScoringBatch } from './engine-run.js';
import { scoreHeldOut } from './held-out-scores.js';
import { loadIrisDataset } from './iris-dataset.js';
import { tileRows, type BenchDataset } from './labelled-matrix.js';
import { runMljs } from './run-mljs.js';
import { ENGINE, type RunRecord } from './run-record.js';
import { runSklearn } from './run-sklearn.js';
import { runTabulaForest, runTabulaLogistic } from './run-tabula.js';
import { makeSyntheticDataset, syntheticName } from './synthetic-dataset.js';
import { toTargetsSection } from './targets-section.js';
import { toTrainingSection } from './training-table.js';

export interface TrainingBenchOptions {
  /** Smaller sets and 20 trees: a smoke run of the harness in about a minute. */
  quick: boolean;
  /** Also fit scikit-learn on the 284,807-row set, which takes it minutes. */
  large: boolean;
  isMljsSkipped: boolean;
  /** The installed scikit-learn, or why its rows are left out. */
  sklearn: { version: string } | { skipReason: string };
}

interface BenchPlan {
  nTrees: number;
  /** Rows each model scores in one call to time batch prediction. */
  scoringRows: number;
  /** Training rows × features of the synthetic sets; each is made at every imbalance. */
  shapes: Array<{ nRows: number; nFeatures: number }>;
  /** The credit-card fraud set's shape, for our forest's time limit; null leaves it out. */
  largeShape: { nRows: number; nFeatures: number } | null;
  /** An ml.js run (fit plus scoring) is terminated after this long. */
  mljsTimeoutMs: number;
}

// The shapes the targets are set on.
const TARGET_SHAPE = { nRows: 100_000, nFeatures: 30 };
const LARGE_SHAPE = { nRows: 284_807, nFeatures: 30 };

const FULL_PLAN: BenchPlan = {
  nTrees: 100,
  scoringRows: 1_000_000,
  shapes: [{ nRows: 10_000, nFeatures: 20 }, TARGET_SHAPE],
  largeShape: LARGE_SHAPE,
  // The issue lets the ml.js rows stop at the largest size that finishes in 2 minutes.
  mljsTimeoutMs: 120_000,
};
const QUICK_PLAN: BenchPlan = {
  nTrees: 20,
  scoringRows: 50_000,
  shapes: [
    { nRows: 1_000, nFeatures: 20 },
    { nRows: 3_000, nFeatures: 30 },
  ],
  largeShape: null,
  mljsTimeoutMs: 20_000,
};
const IMBALANCES = [9, 99];
// The more balanced ratio grows larger trees, so it is the harder case for the time limit.
const LARGE_IMBALANCE = 9;
const IRIS_PATH = fileURLToPath(new URL('../../../samples/iris.csv', import.meta.url));

const TARGET_DATASETS = {
  mid: IMBALANCES.map((imbalance) => syntheticName({ ...TARGET_SHAPE, imbalance })),
  large: syntheticName({ ...LARGE_SHAPE, imbalance: LARGE_IMBALANCE }),
};

/** A dataset of the run, made only when its turn comes so that one set at a time is in memory. */
interface DatasetEntry {
  /** Rows × features, which decides what "a larger set" is for the ml.js cut-off. */
  size: number;
  /** Only our forest runs (and scikit-learn's with --large). */
  isLargeShape: boolean;
  load: () => Promise<BenchDataset>;
}

function listDatasets(plan: BenchPlan): DatasetEntry[] {
  const synthetic = (shape: { nRows: number; nFeatures: number }, imbalance: number, seed: number, isLargeShape: boolean): DatasetEntry => ({
    size: shape.nRows * shape.nFeatures,
    isLargeShape,
    load: async () => makeSyntheticDataset({ ...shape, imbalance, seed }),
  });
  const entries: DatasetEntry[] = [{ size: 0, isLargeShape: false, load: () => loadIrisDataset(IRIS_PATH) }];
  plan.shapes.forEach((shape, shapeIdx) =>
    IMBALANCES.forEach((imbalance, imbalanceIdx) => entries.push(synthetic(shape, imbalance, 1 + shapeIdx * IMBALANCES.length + imbalanceIdx, false))),
  );
  // Any seed apart from the others': the large set is not a superset of the smaller ones.
  if (plan.largeShape !== null) entries.push(synthetic(plan.largeShape, LARGE_IMBALANCE, 100, true));
  return entries;
}

/**
 * Fits every engine on each dataset and scores it on the same held-out rows: our forest and
 * logistic regression, ml.js's (in a worker, with a time limit), and scikit-learn's (through
 * /usr/bin/python3 on CSV copies of the same rows). Returns the results table and the targets.
 */
export async function runTrainingBench(options: TrainingBenchOptions): Promise<Section[]> {
  const plan = options.quick ? QUICK_PLAN : FULL_PLAN;
  const records: RunRecord[] = [];
  const notes = describeMethod(plan, options);
  const mljsCutoff = new Map<ModelKind, number>();

  /** Runs one engine and records its scores, or why it did not finish (null: past the time limit). */
  const attempt = async (dataset: BenchDataset, model: ModelKind, engine: string, run: () => EngineRun | null | Promise<EngineRun | null>) => {
    logProgress(`${dataset.name}: ${model}, ${engine}`);
    let outcome: RunRecord['outcome'];
    try {
      const result = await run();
      outcome =
        result === null
          ? { failure: `did not finish in ${plan.mljsTimeoutMs / 1000} s` }
          : {
              fitSeconds: result.fitSeconds,
              predictRowsPerSecond: result.predictRowsPerSecond,
              predictRowsPerSecondTwoJobs: result.predictRowsPerSecondTwoJobs,
              ...scoreHeldOut(dataset.test.y, result.proba, dataset.nClasses),
            };
    } catch (error) {
      logProgress(`${dataset.name}: ${model}, ${engine} failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
      outcome = { failure: `failed: ${error instanceof Error ? error.message : String(error)}` };
    }
    records.push({ dataset: dataset.name, model, engine, outcome });
    return outcome;
  };

  for (const entry of listDatasets(plan)) {
    const dataset = await entry.load();
    logProgress(`${dataset.name}: ${dataset.train.nRows} training and ${dataset.test.nRows} held-out rows`);
    const batch: ScoringBatch = { X: tileRows(dataset.test, plan.scoringRows), nRows: plan.scoringRows };
    const isSklearnRun = 'version' in options.sklearn && (!entry.isLargeShape || options.large);
    const sklearnDirectory = isSklearnRun ? await writeSklearnInput(dataset) : null;
    const models: ModelKind[] = entry.isLargeShape ? ['forest'] : ['forest', 'logistic'];

    for (const model of models) {
      if (model === 'forest') {
        await attempt(dataset, model, ENGINE.tabulaOneThread, () => runTabulaForest(dataset, plan.nTrees, null, batch));
        await attempt(dataset, model, ENGINE.tabulaTwoWorkers, () => runTabulaForest(dataset, plan.nTrees, 2, batch));
      } else {
        await attempt(dataset, model, ENGINE.tabula, () => runTabulaLogistic(dataset, batch));
      }
      const cutoff = mljsCutoff.get(model) ?? Infinity;
      if (!options.isMljsSkipped && !entry.isLargeShape && entry.size < cutoff) {
        const outcome = await attempt(dataset, model, ENGINE.mljs, () => runMljs(dataset, model, plan.nTrees, plan.mljsTimeoutMs));
        if ('failure' in outcome) {
          mljsCutoff.set(model, entry.size);
          notes.push(`ml.js ${model} ${outcome.failure} at ${dataset.name}; the other sets of that size and the larger ones were skipped.`);
        }
      }
      if (sklearnDirectory !== null) {
        await attempt(dataset, model, ENGINE.sklearn, () => runSklearn(sklearnDirectory, dataset, model, plan.nTrees, batch));
      }
    }
  }
  return [toTrainingSection(records, notes), toTargetsSection(records, TARGET_DATASETS)];
}

/** Writes the dataset's training and held-out rows once, as the CSV files scikit-learn reads. */
async function writeSklearnInput(dataset: BenchDataset): Promise<string> {
  const directory = join(tmpdir(), 'tabula-bench', dataset.name.replace(/[^a-z0-9]+/gi, '-'));
  mkdirSync(directory, { recursive: true });
  for (const [file, matrix] of [['train.csv', dataset.train], ['test.csv', dataset.test]] as const) {
    await writeMatrixCsv(join(directory, file), matrix.X, matrix.nRows, matrix.nFeatures, matrix.y);
  }
  return directory;
}

function describeMethod(plan: BenchPlan, options: TrainingBenchOptions): string[] {
  const notes = [
    `Synthetic sets: a seeded port of scikit-learn's make_classification (10 informative and 2 redundant features), k:1 meaning 1/(k+1) positives, of which 5 % are flipped labels; a quarter as many rows again are drawn as held-out rows. iris (samples/iris.csv) holds out every 4th row of each class. All engines fit the same training rows and are scored on the same held-out rows.`,
    `ROC AUC and accuracy come from the same TypeScript code for every engine (@tabula/tabular's rocAuc and classificationMetrics), applied to each engine's held-out probabilities; iris' ROC AUC is the macro mean of one-vs-rest AUCs.`,
    `Forests have ${plan.nTrees} trees. "tabula (1 thread)" is trainForestSync, what the trainer runs; "tabula (2 workers)" is trainForest with nJobs 2 (the same forest, as trees seed from their index). scikit-learn: RandomForestClassifier(n_estimators=${plan.nTrees}, n_jobs=1) and StandardScaler + LogisticRegression(solver='lbfgs'), the scaler timed with the fit as ours standardizes inside its fit.`,
    `"fit vs scikit-learn" is scikit-learn's fit time over this row's: above 1 is faster. Logistic fit times, ours and scikit-learn's, are the fastest of ${LOGISTIC_FITS} fits, as sub-second fits swing with GC and caches.`,
    `predict rows/s: one predict_proba call on the held-out rows repeated to ${plan.scoringRows.toLocaleString('en-US')} rows, in one thread, except: "tabula (2 workers)" splits the rows in two halves scored on two worker threads (started and warmed up before the clock, probabilities checked bit-identical to one thread's), and the scikit-learn forest's figure in brackets is predict_proba with n_jobs=2. ml.js rows score the held-out rows once through TabularModel.predict, frame encoding included.`,
    `ml.js runs through trainTabularModel (model_params engine "mljs") in a worker, terminated after ${plan.mljsTimeoutMs / 1000} s of fit plus scoring; its fit time includes the pipeline's preprocessing, and the pipeline keeps one row per class for its own metrics.`,
  ];
  if ('skipReason' in options.sklearn) notes.push(`scikit-learn rows skipped: ${options.sklearn.skipReason}.`);
  if (plan.largeShape !== null) {
    notes.push(
      `${TARGET_DATASETS.large}: our forest only, for the time limit${options.large ? ', plus scikit-learn (--large)' : '; scikit-learn joins with --large'}.`,
    );
  }
  if (options.isMljsSkipped) notes.push('ml.js rows skipped (--skip-mljs).');
  return notes;
}
