import type { ArraySet, LoadedArrays } from '../serialization/raw-array.js';
import { packTypedArrays, takeArray, unpackTypedArrays } from '../serialization/typed-array-bundle.js';
import { validateLogistic } from '../serialization/validate-logistic.js';
import type { LogisticModel } from './train-logistic.js';

const FORMAT = 'tabula-logistic';
const VERSION = 1;

/**
 * A logistic model as its header (format, version, sizes, iterations) and its arrays: mean and scale
 * (nFeatures,), coef (nOutputs, nFeatures), intercept (nOutputs,), nOutputs = 1 for two classes.
 */
export function logisticToArraySet(model: LogisticModel): ArraySet {
  const { nFeatures, nClasses, nIter, isConverged } = model;
  const nOutputs = nClasses === 2 ? 1 : nClasses;
  return {
    header: { format: FORMAT, version: VERSION, nFeatures, nClasses, nIter, isConverged },
    arrays: {
      mean: { data: model.mean, shape: [nFeatures] },
      scale: { data: model.scale, shape: [nFeatures] },
      coef: { data: model.coef, shape: [nOutputs, nFeatures] },
      intercept: { data: model.intercept, shape: [nOutputs] },
    },
  };
}

/**
 * Rebuilds a logistic model from logisticToArraySet's header and arrays, checked by validateLogistic.
 *
 * @throws TypeError when the header or an array is not a logistic model's; RangeError when a number is out of range.
 */
export function logisticFromArraySet({ header, arrays }: LoadedArrays): LogisticModel {
  if (header.format !== FORMAT || header.version !== VERSION) {
    throw new TypeError(`expected a ${FORMAT} v${VERSION} file, got ${String(header.format)} v${String(header.version)}`);
  }
  const { nFeatures, nClasses, nIter } = header as Record<string, number>;
  if (![nFeatures, nClasses, nIter].every(Number.isSafeInteger) || nClasses < 2) throw new TypeError('logistic header has an invalid size');
  const nOutputs = nClasses === 2 ? 1 : nClasses;
  const model: LogisticModel = {
    nFeatures,
    nClasses,
    mean: takeArray(arrays, 'mean', 'float64', nFeatures),
    scale: takeArray(arrays, 'scale', 'float64', nFeatures),
    coef: takeArray(arrays, 'coef', 'float64', nOutputs * nFeatures),
    intercept: takeArray(arrays, 'intercept', 'float64', nOutputs),
    nIter,
    isConverged: header.isConverged === true,
  };
  validateLogistic(model);
  return model;
}

/** Writes a logistic model as one buffer (model files format 1): logisticToArraySet packed by typed-array-bundle.ts. */
export function serializeLogistic(model: LogisticModel): Uint8Array {
  return packTypedArrays(logisticToArraySet(model));
}

/**
 * Reads serializeLogistic's output back as views over `bytes`, checked by validateLogistic.
 *
 * @throws TypeError when the buffer is not a valid logistic model; RangeError when a number is out of range.
 */
export function deserializeLogistic(bytes: Uint8Array): LogisticModel {
  return logisticFromArraySet(unpackTypedArrays(bytes));
}
