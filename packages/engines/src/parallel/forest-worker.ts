import { parentPort, workerData } from 'node:worker_threads';
import { ForestScratch } from '../forest/forest-scratch.js';
import { growForestTree } from '../forest/grow-forest-tree.js';
import { NODE_ARRAY_NAMES } from '../tree/layout.js';
import type { ForestJob, TreeMessage } from './grow-trees-in-workers.js';

/**
 * Worker entry: receives a ForestJob once (workerData), then tree indices one at a time, and posts each
 * grown tree back with its buffers transferred rather than copied.
 */
const job = workerData as ForestJob;
const port = parentPort!;
// This worker's per-row buffers, reused by every tree it grows.
const scratch = new ForestScratch(job.data.nRows);

port.on('message', (treeIdx: number) => {
  const tree = growForestTree(job.data, job.target, job.options, treeIdx, scratch);
  const message: TreeMessage = { treeIdx, tree };
  // The builder allocated every array on its own ArrayBuffer, so all of them can move.
  const arrays = NODE_ARRAY_NAMES.map((name) => tree[name]);
  port.postMessage(message, arrays.map((array) => array.buffer as ArrayBuffer));
});
