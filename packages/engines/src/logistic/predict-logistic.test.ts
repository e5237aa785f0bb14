import { describe, expect, it } from '@jest/globals';
import { makeBlobs } from '../testing/synthetic-data.js';
import { predictLogisticProba } from './predict-logistic.js';
import { deserializeLogistic, serializeLogistic } from './serialize-logistic.js';
import { trainLogistic, type LogisticModel } from './train-logistic.js';

/** Naive twin: standardize each value, then sigmoid or softmax of the scores, row by row. */
function naiveProba(model: LogisticModel, X: Float64Array, nRows: number): number[] {
  const out: number[] = [];
  const nOutputs = model.intercept.length;
  for (let row = 0; row < nRows; row++) {
    const z = Array.from({ length: nOutputs }, (_, k) => {
      let s = model.intercept[k];
      for (let f = 0; f < model.nFeatures; f++) {
        const x = X[f * nRows + row];
        const standardized = Number.isNaN(x) ? 0 : (x - model.mean[f]) / model.scale[f];
        s += model.coef[k * model.nFeatures + f] * standardized;
      }
      return s;
    });
    if (nOutputs === 1) out.push(1 / (1 + Math.exp(z[0])), 1 / (1 + Math.exp(-z[0])));
    else {
      const sum = z.reduce((acc, v) => acc + Math.exp(v), 0);
      out.push(...z.map((v) => Math.exp(v) / sum));
    }
  }
  return out;
}

describe.each([2, 4])('predictLogisticProba(model, X, nRows) with %i classes', (nClasses) => {
  const d = makeBlobs(300, 3, nClasses, 12, { missingRate: 0.05 });
  const model = trainLogistic(d.X, 300, 3, d.y);

  it('should equal the naive twin, rows summing to 1', () => {
    const proba = predictLogisticProba(model, d.X, 300);
    naiveProba(model, d.X, 300).forEach((p, i) => expect(proba[i]).toBeCloseTo(p, 12));
    for (let row = 0; row < 300; row++) {
      expect(proba.subarray(row * nClasses, (row + 1) * nClasses).reduce((a, b) => a + b, 0)).toBeCloseTo(1, 12);
    }
  });

  it('should read a row-major matrix the same way', () => {
    const rowMajor = Float64Array.from({ length: 900 }, (_, i) => d.X[(i % 3) * 300 + Math.floor(i / 3)]);
    expect(predictLogisticProba(model, rowMajor, 300, { layout: 'row-major' })).toEqual(predictLogisticProba(model, d.X, 300));
  });

  it('should predict the same after serializeLogistic → deserializeLogistic', () => {
    const restored = deserializeLogistic(serializeLogistic(model));
    expect(restored).toEqual(model);
    expect(predictLogisticProba(restored, d.X, 300)).toEqual(predictLogisticProba(model, d.X, 300));
  });
});

describe('deserializeLogistic(bytes)', () => {
  it('should reject a forest file and foreign bytes', () => {
    expect(() => deserializeLogistic(Uint8Array.of(1, 2, 3, 4, 5, 6, 7, 8, 9))).toThrow(TypeError);
  });
});
