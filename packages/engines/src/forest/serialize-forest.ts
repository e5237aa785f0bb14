import { packTypedArrays, takeArray, unpackTypedArrays } from '../serialization/typed-array-bundle.js';
import { validateForest } from '../serialization/validate-forest.js';
import type { FlatForest } from './flat-forest.js';

const FORMAT = 'tabula-forest';
const VERSION = 1;

/**
 * Writes a forest as one binary buffer: a JSON header (format, version, task, sizes, and each array's
 * name, dtype, offset and length) followed by the raw typed arrays (see typed-array-bundle.ts).
 *
 * @returns Uint8Array, about 37 bytes per node for a binary classifier.
 */
export function serializeForest(forest: FlatForest): Uint8Array {
  const { task, nFeatures, nOutputs, nTrees, nNodes } = forest;
  return packTypedArrays(
    { format: FORMAT, version: VERSION, task, nFeatures, nOutputs, nTrees, nNodes },
    {
      feature: forest.feature,
      threshold: forest.threshold,
      missingLeft: forest.missingLeft,
      left: forest.left,
      right: forest.right,
      value: forest.value,
      treeRoot: forest.treeRoot,
    },
  );
}

/**
 * Reads serializeForest's output back; the arrays are views over `bytes` (no copy when aligned).
 * Every link and number is checked (validateForest), so a corrupt or crafted file cannot make
 * prediction loop forever, read outside the arrays or answer NaN.
 *
 * @throws TypeError when the buffer is not a valid forest; RangeError when a number is out of range.
 */
export function deserializeForest(bytes: Uint8Array): FlatForest {
  const { header, arrays } = unpackTypedArrays(bytes);
  if (header.format !== FORMAT || header.version !== VERSION) {
    throw new TypeError(`expected a ${FORMAT} v${VERSION} file, got ${String(header.format)} v${String(header.version)}`);
  }
  const { task, nFeatures, nOutputs, nTrees, nNodes } = header as Record<string, number> & { task: FlatForest['task'] };
  if ((task !== 'classification' && task !== 'regression') || ![nFeatures, nOutputs, nTrees, nNodes].every(Number.isInteger)) {
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
