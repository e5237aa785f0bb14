import type { Section } from '../report.js';
import { ENGINE, findScoredRun, formatRate, formatSeconds, type RunRecord } from './run-record.js';

const COLUMNS = ['dataset', 'model', 'engine', 'fit (s)', 'fit vs scikit-learn', 'ROC AUC', 'accuracy', 'predict rows/s'];

/** The training matrix as one table: each run with its speed relative to scikit-learn's on the same data. */
export function toTrainingSection(records: RunRecord[], notes: string[]): Section {
  const rows = records.map(({ dataset, model, engine, outcome }) => {
    if (!('fitSeconds' in outcome)) return [dataset, model, engine, outcome.failure, '—', '—', '—', '—'];
    const sklearn = engine === ENGINE.sklearn ? undefined : findScoredRun(records, dataset, model, ENGINE.sklearn);
    const speed = engine === ENGINE.sklearn ? 'baseline' : sklearn === undefined ? '—' : `${(sklearn.fitSeconds / outcome.fitSeconds).toFixed(2)}×`;
    return [
      dataset,
      model,
      engine,
      formatSeconds(outcome.fitSeconds),
      speed,
      outcome.rocAuc === null ? '—' : outcome.rocAuc.toFixed(4),
      outcome.accuracy.toFixed(4),
      outcome.predictRowsPerSecondTwoJobs === undefined
        ? formatRate(outcome.predictRowsPerSecond)
        : `${formatRate(outcome.predictRowsPerSecond)} (n_jobs=2: ${formatRate(outcome.predictRowsPerSecondTwoJobs)})`,
    ];
  });
  return { title: 'Training and batch scoring', columns: COLUMNS, rows, notes };
}
