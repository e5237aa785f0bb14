/**
 * Worker body of runMljs: fits one ml.js model through the platform's own path (trainTabularModel
 * with model_params engine "mljs"), so that a run past its time limit can be terminated.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { parseModelParams } from '@tabula/contracts';
import { trainTabularModel, type Frame } from '@tabula/tabular';
import { secondsSince, type EngineRun } from './engine-run.js';
import type { MljsJob } from './run-mljs.js';
import type { LabelledMatrix } from './labelled-matrix.js';

const TARGET_COLUMN = 'y';

function toFrame({ X, nRows, nFeatures, y }: LabelledMatrix): Frame {
  const columns = Array.from({ length: nFeatures }, (_, featureIdx) => Array.from(X.subarray(featureIdx * nRows, (featureIdx + 1) * nRows)));
  return {
    columns: [...columns.map((_, featureIdx) => `x${featureIdx}`), TARGET_COLUMN],
    nRows,
    values: [...columns, Array.from(y)],
  };
}

const { model, nTrees, nClasses, train, test } = workerData as MljsJob;
const spec =
  model === 'forest'
    ? parseModelParams('RandomForestClassifier', { engine: 'mljs', n_estimators: nTrees, random_state: 0 })
    : parseModelParams('LogisticRegression', { engine: 'mljs', random_state: 0 });
// trainTabularModel always holds rows out for its own metrics; asking for fewer than nClasses rows
// keeps that to one row per class.
const testSize = (nClasses - 0.5) / train.nRows;

const start = performance.now();
const { model: fitted } = trainTabularModel({ frame: toFrame(train), targetColumn: TARGET_COLUMN, columnsToDrop: [], spec, testSize });
const fitSeconds = secondsSince(start);

const testFrame = toFrame(test);
const scoringStart = performance.now();
const { probabilities = [] } = fitted.predict(testFrame, { returnProba: true });
const predictRowsPerSecond = test.nRows / secondsSince(scoringStart);
// Class labels are the indices 0..nClasses-1, so their text keys the probabilities.
const proba = Float64Array.from({ length: test.nRows * nClasses }, (_, i) => probabilities[Math.floor(i / nClasses)][String(i % nClasses)]);
const run: EngineRun = { fitSeconds, proba, predictRowsPerSecond };
parentPort?.postMessage(run, [proba.buffer]);
