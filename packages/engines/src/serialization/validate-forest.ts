import type { FlatForest } from '../forest/flat-forest.js';

// A leaf's class frequencies sum to 1; this leaves room for the rounding of nodeStats[k] / total.
const FREQUENCY_SUM_TOLERANCE = 1e-6;

/**
 * Checks a deserialized forest before anything walks it, so that a crafted or damaged file is
 * refused at load instead of looping, reading outside the arrays or answering NaN:
 * - sizes: whole numbers, nOutputs ≥ 2 for classification and 1 for regression, array lengths;
 * - trees: roots ascending from 0, each split's children adjacent (right = left + 1), after it
 *   (so every walk ends) and inside its own tree;
 * - numbers: split features in [0, nFeatures), leaves marked -1, thresholds a number or +Infinity
 *   (never NaN), missingLeft 0 or 1, every value finite, and each classification leaf a
 *   distribution over the classes (each frequency in [0, 1], summing to 1), so no vote lands
 *   outside the classes.
 *
 * Does not allocate; one pass over the nodes.
 *
 * @throws TypeError when the arrays do not form a forest (sizes, roots, links).
 * @throws RangeError when a number is outside its range (feature index, threshold, value).
 */
export function validateForest(forest: FlatForest): void {
  const { task, nFeatures, nOutputs, nTrees, nNodes, feature, threshold, missingLeft, left, right, value, treeRoot } = forest;
  if (task !== 'classification' && task !== 'regression') throw new TypeError(`forest task must be classification or regression, got ${String(task)}`);
  for (const [name, size, min] of [['nFeatures', nFeatures, 1], ['nTrees', nTrees, 1], ['nNodes', nNodes, nTrees]] as const) {
    if (!Number.isSafeInteger(size) || size < min) throw new TypeError(`forest ${name} must be a whole number >= ${min}, got ${size}`);
  }
  const expectedOutputs = task === 'regression' ? 'exactly 1' : 'at least 2';
  if (!Number.isSafeInteger(nOutputs) || (task === 'regression' ? nOutputs !== 1 : nOutputs < 2)) {
    throw new TypeError(`a ${task} forest has ${expectedOutputs} outputs per node, got ${nOutputs}`);
  }
  const lengths = { feature, threshold, missingLeft, left, right } as const;
  for (const [name, array] of Object.entries(lengths)) {
    if (array.length !== nNodes) throw new TypeError(`forest array ${name} has ${array.length} entries for ${nNodes} nodes`);
  }
  if (value.length !== nNodes * nOutputs) throw new TypeError(`forest array value has ${value.length} entries for ${nNodes} nodes × ${nOutputs} outputs`);
  if (treeRoot.length !== nTrees) throw new TypeError(`forest array treeRoot has ${treeRoot.length} entries for ${nTrees} trees`);

  for (let t = 0; t < nTrees; t++) {
    const start = treeRoot[t];
    const end = t + 1 < nTrees ? treeRoot[t + 1] : nNodes;
    if ((t === 0 && start !== 0) || end <= start || end > nNodes) {
      throw new TypeError(`forest tree ${t} spans nodes [${start}, ${end}), but trees must follow one another from node 0 to ${nNodes}`);
    }
    for (let node = start; node < end; node++) {
      const f = feature[node];
      if (f === -1) {
        checkLeafValue(forest, node);
        continue;
      }
      if (!(f >= 0 && f < nFeatures)) throw new RangeError(`forest node ${node} splits on feature ${f}, outside [0, ${nFeatures})`);
      if (left[node] <= node || right[node] !== left[node] + 1 || right[node] >= end) {
        throw new TypeError(`forest node ${node} has an invalid child link (${left[node]}, ${right[node]}) for tree ${t} of nodes [${start}, ${end})`);
      }
      // +Infinity is a last bin's upper edge (every present value goes left); NaN would send every
      // value right whatever its side for missing values says, and nothing is below -Infinity.
      if (!(threshold[node] > Number.NEGATIVE_INFINITY)) throw new RangeError(`forest node ${node} has threshold ${threshold[node]}, not a number or +Infinity`);
      if (missingLeft[node] > 1) throw new RangeError(`forest node ${node} has missingLeft ${missingLeft[node]}, not 0 or 1`);
    }
  }
}

function checkLeafValue({ task, nOutputs, value }: FlatForest, node: number): void {
  const at = node * nOutputs;
  if (task === 'regression') {
    if (!Number.isFinite(value[at])) throw new RangeError(`forest leaf ${node} has value ${value[at]}, not a finite number`);
    return;
  }
  let total = 0;
  for (let k = 0; k < nOutputs; k++) {
    const frequency = value[at + k];
    if (!(frequency >= 0 && frequency <= 1)) throw new RangeError(`forest leaf ${node} has frequency ${frequency} for class ${k}, outside [0, 1]`);
    total += frequency;
  }
  if (Math.abs(total - 1) > FREQUENCY_SUM_TOLERANCE) throw new RangeError(`forest leaf ${node} has class frequencies summing to ${total}, not 1`);
}
