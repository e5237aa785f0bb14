/**
 * Worker body of scoreForestInWorkers: scores row ranges of a shared column-major batch with
 * predictForestProba and writes the probabilities into a shared output, one range per message
 * ('ready' once loaded, then 'done' per range).
 */
import { parentPort, workerData } from 'node:worker_threads';
import { predictForestProba } from '@tabula/engines';
import type { ForestScoringShare, RowRange } from './score-forest-in-workers.js';

const port = parentPort;
if (port === null) throw new Error('forest-score-worker.js must run as a worker thread');
const { forest, X: sharedX, nRows, out: sharedOut } = workerData as ForestScoringShare;
const X = new Float64Array(sharedX);
const out = new Float64Array(sharedOut);
const { nFeatures, nOutputs } = forest;

port.on('message', ({ from, to }: RowRange) => {
  // The range's rows as their own column-major matrix: each column's slice of the batch.
  const nRange = to - from;
  const rows = new Float64Array(nRange * nFeatures);
  for (let f = 0; f < nFeatures; f++) rows.set(X.subarray(f * nRows + from, f * nRows + to), f * nRange);
  out.set(predictForestProba(forest, rows, nRange), from * nOutputs);
  port.postMessage('done');
});
port.postMessage('ready');
