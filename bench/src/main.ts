/**
 * `pnpm bench` (not part of the tests): trains and scores our engines, ml.js and scikit-learn on the
 * same data, measures serving through the three services, then the size and cold-load time of model
 * files in format 1 and 2, then the cluster mode (PostgreSQL registry, object store, predictor replicas), then
 * the data-in sections (CSV parse speed, 100k scoring, 284k training, Parquet vs CSV; the 10M-row training only
 * with --big or when named); prints one markdown report and writes it to bench/results/latest.md.
 *
 *   node bench/dist/main.js [--only PART[,PART...]] [--big] [--cluster-store folder|postgres+file|postgres+s3] [--quick] [--skip-sklearn] [--skip-mljs] [--large] [--stream-gb 2]
 *   PART: training, serving, model-files, cluster, parse, score-100k, train-284k, train-10m, parquet
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { logProgress } from './log-progress.js';
import { runClusterBench, STORE_KINDS, type StoreKind } from './cluster/index.js';
import { describeMachine } from './machine-section.js';
import { DATA_IN_SECTIONS, runDataInSection } from './data-in/index.js';
import { runModelFilesBench } from './model-files/index.js';
import { renderMarkdown, type Section } from './report.js';
import { runServingBench } from './serving/index.js';
import { runTrainingBench, type TrainingBenchOptions } from './training/index.js';
import { findSklearnVersion } from './training/run-sklearn.js';

const PARTS = ['training', 'serving', 'model-files', 'cluster', ...DATA_IN_SECTIONS] as const;
/** Parts a run without --only leaves out unless asked for: train-10m writes 2.5 GB and takes tens of minutes. */
const OPT_IN_PARTS: readonly string[] = ['train-10m'];
const REPORT_PATH = fileURLToPath(new URL('../results/latest.md', import.meta.url));

const { values: args } = parseArgs({
  options: {
    only: { type: 'string' },
    quick: { type: 'boolean', default: false },
    'skip-sklearn': { type: 'boolean', default: false },
    'skip-mljs': { type: 'boolean', default: false },
    large: { type: 'boolean', default: false },
    'stream-gb': { type: 'string', default: '2' },
    'cluster-store': { type: 'string', default: 'postgres+s3' },
    big: { type: 'boolean', default: false },
  },
});
const only = args.only?.split(',').map((part) => part.trim());
const unknownParts = only?.filter((part) => !(PARTS as readonly string[]).includes(part)) ?? [];
if (only !== undefined && (only.length === 0 || unknownParts.length > 0)) {
  console.error(`--only takes a comma-separated list of ${PARTS.join(', ')}, got "${args.only}"`);
  process.exit(2);
}
const clusterStore = args['cluster-store'];
if (!(STORE_KINDS as readonly string[]).includes(clusterStore)) {
  console.error(`--cluster-store must be one of ${STORE_KINDS.join(', ')}, got "${clusterStore}"`);
  process.exit(2);
}
const streamGb = Number(args['stream-gb']);
if (!(streamGb > 0)) {
  console.error(`--stream-gb must be a positive number of GB, got "${args['stream-gb']}"`);
  process.exit(2);
}

const sklearnVersion = args['skip-sklearn'] ? null : findSklearnVersion();
const sklearn: TrainingBenchOptions['sklearn'] =
  sklearnVersion !== null
    ? { version: sklearnVersion }
    : { skipReason: args['skip-sklearn'] ? '--skip-sklearn' : 'not found for /usr/bin/python3 (apt-get install python3-sklearn python3-pandas)' };

const isRun = (part: (typeof PARTS)[number]): boolean =>
  only !== undefined ? only.includes(part) : !OPT_IN_PARTS.includes(part) || (part === 'train-10m' && args.big);
const sections: Section[] = [describeMachine('version' in sklearn ? sklearn.version : sklearn.skipReason)];
if (isRun('training')) {
  sections.push(...(await runTrainingBench({ quick: args.quick, large: args.large, isMljsSkipped: args['skip-mljs'], sklearn })));
}
if (isRun('serving')) {
  try {
    sections.push(...(await runServingBench({ streamGb, quick: args.quick, isSklearnInstalled: 'version' in sklearn })));
  } catch (error) {
    // A half-finished serving run must not lose the training results above.
    logProgress(`serving bench failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
    const message = error instanceof Error ? error.message : String(error);
    sections.push({ title: 'Serving', columns: ['result'], rows: [['failed']], notes: [`The serving bench stopped: ${message}`] });
  }
}
if (isRun('model-files')) sections.push(...(await runModelFilesBench({ quick: args.quick })));
if (isRun('cluster')) {
  try {
    sections.push(...(await runClusterBench({ quick: args.quick, servingStore: clusterStore as StoreKind })));
  } catch (error) {
    // As for serving: a cluster run that cannot start (no PostgreSQL binaries) must not lose the sections above.
    logProgress(`cluster bench failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
    const message = error instanceof Error ? error.message : String(error);
    sections.push({ title: 'Cluster', columns: ['result'], rows: [['failed']], notes: [`The cluster bench stopped: ${message}`] });
  }
}

for (const name of DATA_IN_SECTIONS) {
  if (isRun(name)) sections.push(await runDataInSection(name, { quick: args.quick, isSklearnInstalled: 'version' in sklearn }));
}

const markdown = renderMarkdown(sections, `Tabula benchmark${args.quick ? ' (--quick)' : ''}`);
mkdirSync(dirname(REPORT_PATH), { recursive: true });
writeFileSync(REPORT_PATH, markdown);
process.stdout.write(markdown);
logProgress(`written to ${REPORT_PATH}`);
