import { describe, expect, it } from '@jest/globals';
import { deserializeLogistic, serializeLogistic } from '../logistic/serialize-logistic.js';
import type { LogisticModel } from '../logistic/train-logistic.js';
import { validateLogistic } from './validate-logistic.js';

/** Three classes over two features: three rows of coefficients. */
function makeModel(): LogisticModel {
  return {
    nFeatures: 2,
    nClasses: 3,
    mean: Float64Array.of(1, 2),
    scale: Float64Array.of(0.5, 1),
    coef: Float64Array.of(1, -1, 0.5, 0.5, -2, 3),
    intercept: Float64Array.of(0.1, 0, -0.1),
    nIter: 12,
    isConverged: true,
  };
}

describe('validateLogistic(model)', () => {
  it('should accept a well-formed model and its round trip', () => {
    expect(() => validateLogistic(makeModel())).not.toThrow();
    expect(deserializeLogistic(serializeLogistic(makeModel()))).toEqual(makeModel());
  });

  it.each<[string, (model: LogisticModel) => void, RegExp]>([
    ['a NaN coefficient', (m) => (m.coef[4] = Number.NaN), /coef\[4\] is NaN/],
    ['an infinite intercept', (m) => (m.intercept[1] = Number.POSITIVE_INFINITY), /intercept\[1\] is Infinity/],
    ['an infinite mean', (m) => (m.mean[0] = Number.NEGATIVE_INFINITY), /mean\[0\] is -Infinity/],
    ['a zero scale', (m) => (m.scale[1] = 0), /scale\[1\] is 0/],
    ['a negative scale', (m) => (m.scale[0] = -1), /scale\[0\] is -1/],
  ])('should refuse %s with a RangeError naming it', (_label, damage, message) => {
    const model = makeModel();
    damage(model);
    expect(() => validateLogistic(model)).toThrow(RangeError);
    expect(() => validateLogistic(model)).toThrow(message);
  });

  it.each<[string, (model: LogisticModel) => void, RegExp]>([
    ['one class', (m) => (m.nClasses = 1), /nClasses must be a whole number >= 2/],
    ['coefficients for fewer classes', (m) => (m.coef = m.coef.subarray(0, 4)), /coef has 4 entries, expected 6/],
    ['a fractional nFeatures', (m) => (m.nFeatures = 1.5), /nFeatures must be a whole number/],
  ])('should refuse %s with a TypeError', (_label, damage, message) => {
    const model = makeModel();
    damage(model);
    expect(() => validateLogistic(model)).toThrow(TypeError);
    expect(() => validateLogistic(model)).toThrow(message);
  });

  it('should be what deserializeLogistic runs, so a crafted file never loads', () => {
    const model = makeModel();
    model.coef[0] = Number.NaN;
    expect(() => deserializeLogistic(serializeLogistic(model))).toThrow(/coef\[0\] is NaN/);
  });
});
