import { packTypedArrays, takeArray, unpackTypedArrays } from '../serialization/typed-array-bundle.js';
import { validateLogistic } from '../serialization/validate-logistic.js';
import type { LogisticModel } from './train-logistic.js';

const FORMAT = 'tabula-logistic';
const VERSION = 1;

/** Writes a logistic model as a JSON header plus raw mean, scale, coef and intercept arrays. */
export function serializeLogistic(model: LogisticModel): Uint8Array {
  const { nFeatures, nClasses, nIter, isConverged } = model;
  return packTypedArrays(
    { format: FORMAT, version: VERSION, nFeatures, nClasses, nIter, isConverged },
    { mean: model.mean, scale: model.scale, coef: model.coef, intercept: model.intercept },
  );
}

/**
 * Reads serializeLogistic's output back as views over `bytes`, checked by validateLogistic.
 *
 * @throws TypeError when the buffer is not a valid logistic model; RangeError when a number is out of range.
 */
export function deserializeLogistic(bytes: Uint8Array): LogisticModel {
  const { header, arrays } = unpackTypedArrays(bytes);
  if (header.format !== FORMAT || header.version !== VERSION) {
    throw new TypeError(`expected a ${FORMAT} v${VERSION} file, got ${String(header.format)} v${String(header.version)}`);
  }
  const { nFeatures, nClasses, nIter } = header as Record<string, number>;
  if (![nFeatures, nClasses, nIter].every(Number.isInteger) || nClasses < 2) throw new TypeError('logistic header has an invalid size');
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
