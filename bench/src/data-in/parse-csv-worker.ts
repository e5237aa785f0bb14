/**
 * Child process of the parse section: our public CSV reader of @tabula/tabular on one file, RUNS times, in a fresh
 * process so no earlier section's heap or JIT state counts. MODE text: parseCsvFile, cells as text, as training reads
 * a file; typed: the file's bytes read and parsed with numbers straight from the bytes (columnKind 'infer'), as the
 * predictor reads a model's numeric features. Prints {"seconds": [...], "cpu_seconds": [...], "rows": N, "columns":
 * M}: wall time and this process's CPU time (all threads) per run.
 *
 *   node bench/dist/data-in/parse-csv-worker.js CSV RUNS [text|typed]
 */
import { performance } from 'node:perf_hooks';
import { readFile } from 'node:fs/promises';
import { parseCsvBytes, parseCsvFile, type Frame } from '@tabula/tabular';

const [path, runsText, mode = 'text'] = process.argv.slice(2);
const runs = Number(runsText);
if (path === undefined || !(runs >= 1) || (mode !== 'text' && mode !== 'typed')) {
  console.error('usage: parse-csv-worker.js CSV RUNS [text|typed]');
  process.exit(2);
}
const seconds: number[] = [];
const cpuSeconds: number[] = [];
let shape = { rows: 0, columns: 0 };
for (let run = 0; run < runs; run++) {
  const cpu = process.cpuUsage();
  const startMs = performance.now();
  const parsed: Frame = mode === 'typed' ? parseCsvBytes(await readFile(path), { columnKind: () => 'infer' }) : await parseCsvFile(path);
  seconds.push((performance.now() - startMs) / 1000);
  const used = process.cpuUsage(cpu);
  cpuSeconds.push((used.user + used.system) / 1e6);
  shape = { rows: parsed.nRows, columns: parsed.columns.length };
}
process.stdout.write(JSON.stringify({ seconds, cpu_seconds: cpuSeconds, ...shape }));
