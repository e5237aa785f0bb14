import type { LogisticModel } from '../logistic/train-logistic.js';

/**
 * Checks a deserialized logistic model before it scores anything: sizes are whole numbers with
 * nClasses ≥ 2, the arrays have the lengths the sizes imply, every mean, coefficient and intercept
 * is finite and every scale finite and above 0 (it divides), so a crafted file cannot answer NaN.
 *
 * @throws TypeError when the sizes or lengths do not agree.
 * @throws RangeError when a number is outside its range.
 */
export function validateLogistic(model: LogisticModel): void {
  const { nFeatures, nClasses, nIter, mean, scale, coef, intercept } = model;
  if (!Number.isSafeInteger(nFeatures) || nFeatures < 1) throw new TypeError(`logistic nFeatures must be a whole number >= 1, got ${nFeatures}`);
  if (!Number.isSafeInteger(nClasses) || nClasses < 2) throw new TypeError(`logistic nClasses must be a whole number >= 2, got ${nClasses}`);
  if (!Number.isSafeInteger(nIter) || nIter < 0) throw new TypeError(`logistic nIter must be a whole number >= 0, got ${nIter}`);
  const nOutputs = nClasses === 2 ? 1 : nClasses;
  const expected = { mean: nFeatures, scale: nFeatures, coef: nOutputs * nFeatures, intercept: nOutputs } as const;
  const arrays = { mean, scale, coef, intercept } as const;
  for (const name of ['mean', 'scale', 'coef', 'intercept'] as const) {
    const array = arrays[name];
    if (array.length !== expected[name]) throw new TypeError(`logistic array ${name} has ${array.length} entries, expected ${expected[name]}`);
    for (let i = 0; i < array.length; i++) {
      if (!Number.isFinite(array[i])) throw new RangeError(`logistic ${name}[${i}] is ${array[i]}, not a finite number`);
    }
  }
  for (let i = 0; i < nFeatures; i++) {
    if (!(scale[i] > 0)) throw new RangeError(`logistic scale[${i}] is ${scale[i]}, but scales must be above 0`);
  }
}
