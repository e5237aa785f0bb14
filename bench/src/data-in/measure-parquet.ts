import { readFile, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { logProgress } from '../log-progress.js';
import type { Section } from '../report.js';
import { createAgent, multipartRequest, send } from '../serving/http-client.js';
import { median } from '../serving/latency-stats.js';
import { timeJsonPredict } from '../serving/measure-large-batches.js';
import { BENCH_MODEL } from '../serving/serving-setup.js';
import { writeSyntheticCsv } from '../serving/synthetic-csv.js';
import { startBenchModel } from './start-bench-model.js';
import { writeParquetCopy } from './write-parquet-copy.js';
import { mb } from '../write-csv-rows.js';

const ROWS = 1_000_000;
const QUICK_ROWS = 100_000;
const RUNS = 3;
const PARQUET_UPLOAD = { name: 'input.parquet', type: 'application/vnd.apache.parquet' };

/** Why the build does not score Parquet, or undefined when it answers 200 (timeJsonPredict then counts the rows). */
async function probeParquet(gatewayUrl: string, path: string): Promise<string | undefined> {
  const agent = createAgent(1);
  try {
    const res = await send(agent, multipartRequest(new URL(`/predict?model_name=${BENCH_MODEL}`, gatewayUrl), {}, await readFile(path), 'application/json', PARQUET_UPLOAD));
    if (res.status === 200) return undefined;
    let code = '';
    try {
      code = (JSON.parse(res.body.toString('utf8')) as { error?: { code?: string } }).error?.code ?? '';
    } catch {
      // Not a JSON error body: the status alone says it.
    }
    return `answered ${res.status}${code ? ` ${code}` : ''}: ${res.body.toString('utf8', 0, 300)}`;
  } finally {
    agent.destroy();
  }
}

/**
 * The parquet section: the same 1,000,000 rows × 20 features scored by the bench forest through the gateway as
 * CSV and as Parquet, in the writer's row groups and in one (JSON answer each time), median of RUNS each; the
 * target holds when both Parquet files are at least as fast as the CSV. A build that does not read Parquet yet gets a
 * "not supported by this build" row, not a failed bench.
 */
export async function measureParquet(workDir: string, quick: boolean): Promise<Section> {
  const rows = quick ? QUICK_ROWS : ROWS;
  const { platform } = await startBenchModel(workDir, 'parquet');
  try {
    logProgress(`parquet: writing ${rows} rows as CSV and as Parquet`);
    const csv = await writeSyntheticCsv({ path: join(workDir, 'parquet-rows.csv'), rows, withLabel: false, seed: 5 });
    const parquet = await writeParquetCopy(csv, join(workDir, 'parquet-rows.parquet'));
    // The same rows in one row group, as pyarrow (pandas.to_parquet) writes up to 1Mi rows.
    const oneGroup = await writeParquetCopy(csv, join(workDir, 'parquet-one-group.parquet'), { rowGroupRows: rows });
    const label = (kind: string) => `parquet: ${rows} rows as ${kind} through the gateway`;
    const csvSeconds = await timeJsonPredict({ gatewayUrl: platform.gatewayUrl, model: BENCH_MODEL, file: csv, runs: RUNS, label: label('CSV') });
    const notes: string[] = [];
    const tableRows: (string | number)[][] = [['CSV', mb(csv.bytes), median(csvSeconds).toFixed(2), Math.round(rows / median(csvSeconds))]];
    const problem = await probeParquet(platform.gatewayUrl, parquet.path);
    let verdict: string;
    if (problem === undefined) {
      const parquetSeconds = await timeJsonPredict({ gatewayUrl: platform.gatewayUrl, model: BENCH_MODEL, file: { path: parquet.path, rows }, runs: RUNS, label: label('Parquet'), upload: PARQUET_UPLOAD });
      tableRows.push(['Parquet', mb(parquet.bytes), median(parquetSeconds).toFixed(2), Math.round(rows / median(parquetSeconds))]);
      const oneGroupSeconds = await timeJsonPredict({ gatewayUrl: platform.gatewayUrl, model: BENCH_MODEL, file: { path: oneGroup.path, rows }, runs: RUNS, label: label('Parquet, one row group'), upload: PARQUET_UPLOAD });
      tableRows.push(['Parquet, one row group', mb(oneGroup.bytes), median(oneGroupSeconds).toFixed(2), Math.round(rows / median(oneGroupSeconds))]);
      verdict = Math.max(median(parquetSeconds), median(oneGroupSeconds)) <= median(csvSeconds) ? 'PASS' : 'FAIL';
    } else {
      logProgress(`parquet: Parquet ${problem}`);
      tableRows.push(['Parquet', mb(parquet.bytes), 'not supported by this build', '']);
      verdict = `not measured: the gateway ${/^answered \d+ ?\w*/.exec(problem)?.[0] ?? 'failed'}`;
      notes.push(`The Parquet upload ${problem}`);
    }
    tableRows.push(['target: Parquet at least as fast as CSV', '', verdict, '']);
    await Promise.all([rm(csv.path, { force: true }), rm(parquet.path, { force: true }), rm(oneGroup.path, { force: true })]);
    return {
      title: `Data in: ${rows.toLocaleString('en')} rows scored as Parquet vs CSV`,
      columns: ['input', 'MB', 'median s', 'rows/s'],
      rows: tableRows,
      notes: [
        `${rows.toLocaleString('en')} rows × 20 numeric features, the same values in both files: the serving section's synthetic CSV, and its Parquet copy written with hyparquet-writer (one DOUBLE column each, snappy, the writer's default row groups: 1,000 rows, then 100,000 each), and a copy in one row group (as pyarrow writes up to 1Mi rows; hyparquet-writer gives its one-page chunks no offset index, so the predictor scores it as one range). Scored by model ${BENCH_MODEL} (100 trees) through the gateway, POST /predict with a JSON answer; one warm-up, then ${RUNS} runs each, from the first byte sent to the last byte read; every prediction counted.`,
        `The Parquet part is sent as ${PARQUET_UPLOAD.name} with Content-Type ${PARQUET_UPLOAD.type}; a build that does not read Parquet answers 4xx, shown as "not supported by this build".`,
        ...notes,
      ],
    };
  } finally {
    await platform.stopAll();
  }
}
