import { describe, expect, it } from '@jest/globals';
import { parseModelParams, type LogisticRegressionParams } from '@tabula/contracts';
import { STEPS_PER_ITER, mapLogisticOptions } from './logistic-options.js';

const params = (given: Record<string, unknown> = {}) => parseModelParams('LogisticRegression', given).params as LogisticRegressionParams;

describe('mapLogisticOptions(params, nRows, lambdaMax)', () => {
  it('should turn max_iter into gradient steps', () => {
    expect(mapLogisticOptions(params(), 100, 1).options.numSteps).toBe(100 * STEPS_PER_ITER);
    expect(mapLogisticOptions(params({ max_iter: 7 }), 100, 1).options.numSteps).toBe(7 * STEPS_PER_ITER);
    expect(mapLogisticOptions(params({ max_iter: 100_000 }), 100, 1).options.numSteps).toBe(20_000);
  });

  it('should scale the learning rate with 1 / (nRows × lambdaMax)', () => {
    expect(mapLogisticOptions(params(), 200, 2).options.learningRate).toBeCloseTo(4 / 400, 15);
    expect(mapLogisticOptions(params(), 20_000, 2).options.learningRate).toBeCloseTo(4 / 40_000, 15);
  });

  it('should note that C and tol are not honoured', () => {
    expect(Object.keys(mapLogisticOptions(params(), 10, 1).unsupported).sort()).toEqual(['C', 'tol']);
    expect(Object.keys(mapLogisticOptions(params({ penalty: null }), 10, 1).unsupported)).toEqual(['tol']);
  });

  it('should reject a non-positive curvature', () => {
    expect(() => mapLogisticOptions(params(), 10, 0)).toThrow(RangeError);
  });
});
