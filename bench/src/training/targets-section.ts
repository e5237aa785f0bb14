import type { Section } from '../report.js';
import { ENGINE, findScoredRun, formatRate, formatSeconds, type RunRecord, type ScoredRun } from './run-record.js';

/** The datasets the targets name (see FULL_PLAN in index.ts). */
export interface TargetDatasets {
  /** "100k × 30" at each imbalance. */
  mid: string[];
  /** The 284,807 × 30 shape. */
  large: string;
}

type TargetRow = [target: string, measured: string, verdict: string];

const NOT_MEASURED: [string, string] = ['not measured in this run', '—'];
const verdict = (isMet: boolean) => (isMet ? 'PASS' : 'FAIL');

/** Each target of the issue with its measured value and PASS or FAIL (same machine, same run). */
export function toTargetsSection(records: RunRecord[], datasets: TargetDatasets): Section {
  const find = (dataset: string, model: 'forest' | 'logistic', engine: string) => findScoredRun(records, dataset, model, engine);
  const rows: TargetRow[] = [];
  for (const dataset of datasets.mid) {
    const sklearnForest = find(dataset, 'forest', ENGINE.sklearn);
    for (const engine of [ENGINE.tabulaOneThread, ENGINE.tabulaTwoWorkers]) {
      rows.push([`Forest fit (100 trees) on ${dataset}, ${engine}: ≥ 2× faster than scikit-learn (n_jobs=1)`, ...compareFit(find(dataset, 'forest', engine), sklearnForest)]);
    }
    const ours = find(dataset, 'forest', ENGINE.tabulaOneThread);
    rows.push([`Forest ROC AUC on ${dataset}: scikit-learn's ± 0.01`, ...compareAuc(ours, sklearnForest)]);
    rows.push([`Forest batch scoring on ${dataset}, one thread: ≥ scikit-learn predict_proba (n_jobs=1) rows/s`, ...compareScoring(ours, sklearnForest?.predictRowsPerSecond)]);
    const oursOnTwo = find(dataset, 'forest', ENGINE.tabulaTwoWorkers);
    rows.push([`Forest batch scoring on ${dataset}, two threads: ≥ scikit-learn predict_proba (n_jobs=2) rows/s`, ...compareScoring(oursOnTwo, sklearnForest?.predictRowsPerSecondTwoJobs)]);
    const oursLogistic = find(dataset, 'logistic', ENGINE.tabula);
    const sklearnLogistic = find(dataset, 'logistic', ENGINE.sklearn);
    rows.push([`Logistic regression fit on ${dataset}: within 2× of scikit-learn lbfgs`, ...compareLogistic(oursLogistic, sklearnLogistic)]);
  }
  for (const engine of [ENGINE.tabulaOneThread, ENGINE.tabulaTwoWorkers]) {
    const run = find(datasets.large, 'forest', engine);
    const measured: [string, string] = run === undefined ? NOT_MEASURED : [`${formatSeconds(run.fitSeconds)} s`, verdict(run.fitSeconds < 120)];
    rows.push([`Forest fit (100 trees) on ${datasets.large}, ${engine}: under 2 minutes`, ...measured]);
  }
  return {
    title: 'Targets',
    columns: ['target', 'measured', 'verdict'],
    rows,
    notes: [
      '"tabula (1 thread)" is the like-for-like comparison with scikit-learn\'s n_jobs=1; "2 workers" uses both cores, and its batch scoring (rows split over two worker threads) is set beside scikit-learn\'s predict_proba with n_jobs=2 (trees split over two threads).',
    ],
  };
}

function compareFit(ours: ScoredRun | undefined, sklearn: ScoredRun | undefined): [string, string] {
  if (ours === undefined || sklearn === undefined) return NOT_MEASURED;
  const speedup = sklearn.fitSeconds / ours.fitSeconds;
  return [`${formatSeconds(ours.fitSeconds)} s vs ${formatSeconds(sklearn.fitSeconds)} s: ${speedup.toFixed(2)}× faster`, verdict(speedup >= 2)];
}

function compareAuc(ours: ScoredRun | undefined, sklearn: ScoredRun | undefined): [string, string] {
  if (ours?.rocAuc == null || sklearn?.rocAuc == null) return NOT_MEASURED;
  const difference = ours.rocAuc - sklearn.rocAuc;
  const signed = `${difference >= 0 ? '+' : ''}${difference.toFixed(4)}`;
  return [`${ours.rocAuc.toFixed(4)} vs ${sklearn.rocAuc.toFixed(4)} (${signed})`, verdict(Math.abs(difference) <= 0.01)];
}

function compareScoring(ours: ScoredRun | undefined, sklearnRowsPerSecond: number | undefined): [string, string] {
  if (ours === undefined || sklearnRowsPerSecond === undefined) return NOT_MEASURED;
  const ratio = ours.predictRowsPerSecond / sklearnRowsPerSecond;
  return [`${formatRate(ours.predictRowsPerSecond)} vs ${formatRate(sklearnRowsPerSecond)} rows/s (${ratio.toFixed(2)}×)`, verdict(ratio >= 1)];
}

function compareLogistic(ours: ScoredRun | undefined, sklearn: ScoredRun | undefined): [string, string] {
  if (ours === undefined || sklearn === undefined) return NOT_MEASURED;
  const ratio = ours.fitSeconds / sklearn.fitSeconds;
  return [`${formatSeconds(ours.fitSeconds)} s vs ${formatSeconds(sklearn.fitSeconds)} s: ${ratio.toFixed(2)}× its time`, verdict(ratio <= 2)];
}
