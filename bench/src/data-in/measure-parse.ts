import { spawnSync } from 'node:child_process';
import { rm } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { logProgress } from '../log-progress.js';
import type { Section } from '../report.js';
import { median } from '../serving/latency-stats.js';
import { writeSyntheticCsv } from '../serving/synthetic-csv.js';
import { writeMixedCsv } from './mixed-csv.js';
import { dataInScript, runPythonJson } from './run-python-json.js';
import { mb, type WrittenCsv } from '../write-csv-rows.js';

/** What each reader prints: wall and CPU seconds per run, and the shape it read. */
interface ParseRuns {
  seconds: number[];
  cpu_seconds: number[];
  rows: number;
  columns: number;
}

const WORKER = fileURLToPath(new URL('./parse-csv-worker.js', import.meta.url));
const ROWS = 1_000_000;
const QUICK_ROWS = 100_000;
const RUNS = 3;
const NUMERIC = 'numeric, 20 columns';

function runOurs(file: WrittenCsv, mode: 'text' | 'typed'): ParseRuns {
  // One process, no --max-old-space-size: a reader that needs more heap than Node's default should show it.
  const result = spawnSync(process.execPath, [WORKER, file.path, String(RUNS), mode], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'], maxBuffer: 1 << 20 });
  if (result.status !== 0) throw new Error(`parse-csv-worker.js exited with ${result.status ?? result.signal}: ${result.stderr.slice(-1_000)}`);
  return JSON.parse(result.stdout) as ParseRuns;
}

function describe(reader: string, file: WrittenCsv, runs: ParseRuns): (string | number)[] {
  const seconds = median(runs.seconds);
  return [
    reader,
    `${runs.rows.toLocaleString('en')} × ${runs.columns}`,
    seconds.toFixed(2),
    median(runs.cpu_seconds).toFixed(2),
    (file.bytes / 2 ** 20 / seconds).toFixed(1),
    (file.bytes / 2 ** 20 / median(runs.cpu_seconds)).toFixed(1),
  ];
}

/**
 * The parse section (issue 15, "parsing at disk speed"): MB/s of parseCsvFile against pandas.read_csv on the same
 * files in the same run, a 1M × 20 numeric file and a 1M-row mixed and quoted one, each reader in its own process.
 */
export async function measureParse(workDir: string, quick: boolean): Promise<Section> {
  const rows = quick ? QUICK_ROWS : ROWS;
  logProgress(`parse: writing a ${rows}-row numeric CSV and a mixed, quoted one`);
  const files = [
    { kind: NUMERIC, file: await writeSyntheticCsv({ path: join(workDir, 'parse-numeric.csv'), rows, withLabel: false, seed: 11 }) },
    { kind: 'mixed and quoted, 20 columns', file: await writeMixedCsv(join(workDir, 'parse-mixed.csv'), rows, 12) },
  ];
  const tableRows: (string | number)[][] = [];
  const verdicts: string[] = [];
  try {
    for (const { kind, file } of files) {
      logProgress(`parse: ${kind}: parseCsvFile, ${RUNS} runs`);
      const oursText = runOurs(file, 'text');
      logProgress(`parse: ${kind}: parseCsvBytes with typed columns, ${RUNS} runs`);
      const ours = runOurs(file, 'typed');
      logProgress(`parse: ${kind}: pandas.read_csv, ${RUNS} runs`);
      const pandas = runPythonJson<ParseRuns>(dataInScript('read-csv-baseline.py'), [file.path, String(RUNS)]);
      const ratio = median(pandas.seconds) / median(ours.seconds);
      tableRows.push(
        [`**${kind}** (${mb(file.bytes)} MB)`, '', '', '', '', ''],
        describe('ours, text cells: parseCsvFile (as training reads)', file, oursText),
        describe('ours, typed columns: parseCsvBytes, columnKind infer (as scoring reads numeric features)', file, ours),
        describe('pandas.read_csv', file, pandas),
      );
      const cpuRatio = median(pandas.cpu_seconds) / median(ours.cpu_seconds);
      const verdict = kind === NUMERIC ? ` → ${ratio >= 1 ? 'PASS' : 'FAIL'} (target: ≥ 1× on this file)` : ' (no target: for reference)';
      verdicts.push(`${kind}: ours reads at ${ratio.toFixed(2)}× pandas' wall-clock speed and ${cpuRatio.toFixed(2)}× its speed per CPU second${verdict}.`);
    }
  } finally {
    await Promise.all(files.map(({ file }) => rm(file.path, { force: true })));
  }
  return {
    title: 'Data in: CSV parse speed, ours vs pandas',
    columns: ['reader', 'rows × columns', 'median wall s', 'median CPU s', 'MB/s (wall)', 'MB per CPU s'],
    rows: tableRows,
    notes: [
      ...verdicts,
      `Each reader in its own process on the same file, read from the page cache (the file was just written); ${RUNS} runs each, the median shown. MB/s is the file's size over the median wall time, MB per CPU s over the median CPU time. CPU s counts every thread of the process: a reader that used more than one core shows CPU s above wall s; on a loaded machine wall s exceeds CPU s, and MB per CPU s compares the readers' own work more steadily.`,
      'Ours, text cells: parseCsvFile from @tabula/tabular (the reader the trainer calls), cells kept as text. Ours, typed columns: the file read whole and parsed with numbers straight from the bytes (columnKind infer: a column falls back to text at its first non-number), as the predictor parses a model\'s numeric features; the target and the verdict are on this row. Both return a frame; Node.js default heap. pandas: pandas.read_csv(path) with default options (the C parser; pyarrow is not installed), returning a DataFrame.',
      'Numeric: the serving section\'s synthetic 20-feature file (three decimals). Mixed: an id, 10 numeric columns with 2 % empty cells and some "NA", 3 categorical, 3 quoted text columns with commas, escaped quotes and (1 % of rows) a line break, a date, a timestamp and a boolean; its header quotes one name.',
    ],
  };
}
