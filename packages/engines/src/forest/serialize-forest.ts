import type { ArraySet, LoadedArrays } from '../serialization/raw-array.js';
import { packTypedArrays, takeArray, unpackTypedArrays } from '../serialization/typed-array-bundle.js';
import { validateForest } from '../serialization/validate-forest.js';
import type { FlatForest } from './flat-forest.js';

const FORMAT = 'tabula-forest';
const VERSION = 1;

/**
 * A forest as its header (format, version, task, sizes) and its arrays with their shapes: the
 * NodeArrays (nNodes,) — value (nNodes, nOutputs) — and treeRoot (nTrees,). Views, not copies.
 */
export function forestToArraySet(forest: FlatForest): ArraySet {
  const { task, nFeatures, nOutputs, nTrees, nNodes } = forest;
  return {
    header: { format: FORMAT, version: VERSION, task, nFeatures, nOutputs, nTrees, nNodes },
    arrays: {
      feature: { data: forest.feature, shape: [nNodes] },
      threshold: { data: forest.threshold, shape: [nNodes] },
      missingLeft: { data: forest.missingLeft, shape: [nNodes] },
      left: { data: forest.left, shape: [nNodes] },
      right: { data: forest.right, shape: [nNodes] },
      value: { data: forest.value, shape: [nNodes, nOutputs] },
      treeRoot: { data: forest.treeRoot, shape: [nTrees] },
    },
  };
}

/**
 * Rebuilds a forest from forestToArraySet's header and arrays (however they were stored). Every
 * array's dtype and length is checked against the header's sizes, and every link and number by
 * validateForest, so a corrupt or crafted file cannot make prediction loop forever, read outside
 * the arrays or answer NaN.
 *
 * @throws TypeError when the header or an array is not a forest's; RangeError when a number is out of range.
 */
export function forestFromArraySet({ header, arrays }: LoadedArrays): FlatForest {
  if (header.format !== FORMAT || header.version !== VERSION) {
    throw new TypeError(`expected a ${FORMAT} v${VERSION} file, got ${String(header.format)} v${String(header.version)}`);
  }
  const { task, nFeatures, nOutputs, nTrees, nNodes } = header as Record<string, number> & { task: FlatForest['task'] };
  if ((task !== 'classification' && task !== 'regression') || ![nFeatures, nOutputs, nTrees, nNodes].every(Number.isSafeInteger)) {
    throw new TypeError('forest header has an invalid task or size');
  }
  const forest: FlatForest = {
    task,
    nFeatures,
    nOutputs,
    nTrees,
    nNodes,
    feature: takeArray(arrays, 'feature', 'int32', nNodes),
    threshold: takeArray(arrays, 'threshold', 'float64', nNodes),
    missingLeft: takeArray(arrays, 'missingLeft', 'uint8', nNodes),
    left: takeArray(arrays, 'left', 'uint32', nNodes),
    right: takeArray(arrays, 'right', 'uint32', nNodes),
    value: takeArray(arrays, 'value', 'float64', nNodes * nOutputs),
    treeRoot: takeArray(arrays, 'treeRoot', 'uint32', nTrees),
  };
  validateForest(forest);
  return forest;
}

/**
 * Writes a forest as one binary buffer (model files format 1): forestToArraySet packed by
 * typed-array-bundle.ts.
 *
 * @returns Uint8Array, about 37 bytes per node for a binary classifier.
 */
export function serializeForest(forest: FlatForest): Uint8Array {
  return packTypedArrays(forestToArraySet(forest));
}

/**
 * Reads serializeForest's output back; the arrays are views over `bytes` (no copy when aligned),
 * checked as forestFromArraySet checks them.
 *
 * @throws TypeError when the buffer is not a valid forest; RangeError when a number is out of range.
 */
export function deserializeForest(bytes: Uint8Array): FlatForest {
  return forestFromArraySet(unpackTypedArrays(bytes));
}
