/**
 * Child process of the parse section: parseCsvFile (the public reader of @tabula/tabular, whatever its insides) on
 * one file, RUNS times, in a fresh process so no earlier section's heap or JIT state counts. Prints {"seconds":
 * [...], "cpu_seconds": [...], "rows": N, "columns": M}: wall time and this process's CPU time (all threads) per run.
 *
 *   node bench/dist/data-in/parse-csv-worker.js CSV RUNS
 */
import { performance } from 'node:perf_hooks';
import { parseCsvFile } from '@tabula/tabular';

const [path, runsText] = process.argv.slice(2);
const runs = Number(runsText);
if (path === undefined || !(runs >= 1)) {
  console.error('usage: parse-csv-worker.js CSV RUNS');
  process.exit(2);
}
const seconds: number[] = [];
const cpuSeconds: number[] = [];
let shape = { rows: 0, columns: 0 };
for (let run = 0; run < runs; run++) {
  const cpu = process.cpuUsage();
  const startMs = performance.now();
  const parsed = await parseCsvFile(path);
  seconds.push((performance.now() - startMs) / 1000);
  const used = process.cpuUsage(cpu);
  cpuSeconds.push((used.user + used.system) / 1e6);
  shape = { rows: parsed.nRows, columns: parsed.columns.length };
}
process.stdout.write(JSON.stringify({ seconds, cpu_seconds: cpuSeconds, ...shape }));
