/**
 * Quick engine benchmark against scikit-learn (kept out of jest: speed never goes in unit tests).
 *
 *   node node_modules/typescript/bin/tsc -b packages/engines/bench
 *   node packages/engines/bench/dist/quick-bench.js [--rows 100000] [--trees 100] [--jobs 2] [--skip-sklearn] [--large]
 *
 * Generates a make_classification-like binary set (30 features, 10 informative, 9:1, 3% flipped
 * labels) plus 25% held-out rows, writes both as CSV under /tmp/tabula-bench, trains our forest and
 * logistic regression, then runs sklearn-baseline.py on the same files with /usr/bin/python3. --large
 * also times a 284,807-row forest (the credit-card fraud set's shape).
 */
import { execFileSync } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { predictForestProba, predictLogisticProba, trainForest, trainForestSync, trainLogistic } from '@tabula/engines';
import { writeColumnCsv, writeMatrixCsv } from './csv-io.js';
import { makeClassification } from './make-classification.js';

const { values: args } = parseArgs({
  options: {
    rows: { type: 'string', default: '100000' },
    trees: { type: 'string', default: '100' },
    jobs: { type: 'string', default: '2' },
    'skip-sklearn': { type: 'boolean', default: false },
    large: { type: 'boolean', default: false },
  },
});
const nRows = Number(args.rows);
const nTrees = Number(args.trees);
const nJobs = Number(args.jobs);
const nFeatures = 30;
const nTest = Math.floor(nRows / 4);
const directory = '/tmp/tabula-bench';
mkdirSync(directory, { recursive: true });

const seconds = (start: number) => (performance.now() - start) / 1000;
const spec = { nFeatures, nInformative: 10, nRedundant: 2, majorityWeight: 0.9, flipY: 0.03, classSep: 1 };

function columnSlice(X: Float64Array, total: number, from: number, to: number): Float64Array {
  const out = new Float64Array((to - from) * nFeatures);
  for (let f = 0; f < nFeatures; f++) out.set(X.subarray(f * total + from, f * total + to), f * (to - from));
  return out;
}

const all = makeClassification({ ...spec, nRows: nRows + nTest, seed: 1 });
const X = columnSlice(all.X, nRows + nTest, 0, nRows);
const XTest = columnSlice(all.X, nRows + nTest, nRows, nRows + nTest);
const y = all.y.subarray(0, nRows);
await writeMatrixCsv(join(directory, 'train.csv'), X, nRows, nFeatures, y);
await writeMatrixCsv(join(directory, 'test.csv'), XTest, nTest, nFeatures, all.y.subarray(nRows));

const ours: Record<string, number> = {};
let start = performance.now();
const forest = await trainForest(X, nRows, nFeatures, y, { nEstimators: nTrees, nJobs, seed: 0 });
ours.forest_fit_s = seconds(start);
ours.forest_nodes = forest.nNodes;
const positive = (proba: Float64Array) => Float64Array.from({ length: proba.length / 2 }, (_, row) => proba[row * 2 + 1]);
await writeColumnCsv(join(directory, 'ours-forest-proba.csv'), 'p1', positive(predictForestProba(forest, XTest, nTest)));
start = performance.now();
predictForestProba(forest, X, nRows);
ours.forest_predict_rows_per_s = nRows / seconds(start);
start = performance.now();
trainForestSync(X, nRows, nFeatures, y, { nEstimators: 10, seed: 0 });
ours.forest_sync_10_trees_s = seconds(start);
for (const histogramStrategy of ['sampled', 'subtract'] as const) {
  start = performance.now();
  trainForestSync(X, nRows, nFeatures, y, { nEstimators: 10, seed: 0, histogramStrategy });
  ours[`classifier_10_trees_${histogramStrategy}_s`] = seconds(start);
}
// Regression with every feature per split: the case sibling subtraction is for.
const yRegression = Float64Array.from({ length: nRows }, (_, row) => X[row] + 2 * X[nRows + row] - X[2 * nRows + row] + y[row]);
for (const histogramStrategy of ['sampled', 'subtract'] as const) {
  start = performance.now();
  trainForestSync(X, nRows, nFeatures, yRegression, { nEstimators: 3, seed: 0, histogramStrategy, minSamplesLeaf: 5 });
  ours[`regressor_3_trees_${histogramStrategy}_s`] = seconds(start);
}
start = performance.now();
const logistic = trainLogistic(X, nRows, nFeatures, y);
ours.logistic_fit_s = seconds(start);
ours.logistic_n_iter = logistic.nIter;
await writeColumnCsv(join(directory, 'ours-logistic-proba.csv'), 'p1', positive(predictLogisticProba(logistic, XTest, nTest)));

if (args.large) {
  const large = makeClassification({ ...spec, nRows: 284_807, seed: 2 });
  start = performance.now();
  await trainForest(large.X, 284_807, nFeatures, large.y, { nEstimators: nTrees, nJobs, seed: 0 });
  ours.large_284807_forest_fit_s = seconds(start);
}

console.log(`rows ${nRows} x ${nFeatures}, held-out ${nTest}, trees ${nTrees}, our workers ${nJobs}`);
for (const [key, value] of Object.entries(ours)) console.log(`ours     ${key.padEnd(34)} ${value.toFixed(3)}`);
if (!args['skip-sklearn']) {
  const script = join(dirname(fileURLToPath(import.meta.url)), '..', 'sklearn-baseline.py');
  const output = execFileSync('/usr/bin/python3', [script, directory, String(nTrees)], { encoding: 'utf8' });
  const sklearn = JSON.parse(output) as Record<string, number>;
  for (const [key, value] of Object.entries(sklearn)) {
    console.log(`sklearn  ${key.padEnd(34)} ${typeof value === 'number' ? value.toFixed(4) : value}`);
  }
  const auc = (name: string) => `AUC ours ${sklearn[`ours_${name}_auc`].toFixed(4)} vs ${sklearn[`${name}_auc`].toFixed(4)}`;
  console.log(`forest speed-up      ${(sklearn.forest_fit_s / ours.forest_fit_s).toFixed(1)}x  (${auc('forest')})`);
  console.log(`forest scoring       ${(ours.forest_predict_rows_per_s / sklearn.forest_predict_rows_per_s).toFixed(2)}x sklearn rows/s`);
  console.log(`logistic time ratio  ${(ours.logistic_fit_s / sklearn.logistic_fit_s).toFixed(2)}x sklearn  (${auc('logistic')})`);
}
