import { describe, expect, it } from '@jest/globals';
import { createRng } from '../random/seeded-rng.js';
import { gaussian } from '../testing/synthetic-data.js';
import { coefShape, computeLossAndGradient, type LogisticProblem } from './loss-and-gradient.js';

function makeProblem(nClasses: number, C: number, fitIntercept: boolean): LogisticProblem {
  const rng = createRng(nClasses * 10 + (fitIntercept ? 1 : 0));
  const nRows = 60;
  const nFeatures = 4;
  return {
    X: Float64Array.from({ length: nRows * nFeatures }, () => gaussian(rng)),
    nRows,
    nFeatures,
    y: Int32Array.from({ length: nRows }, () => rng.nextBelow(nClasses)),
    nClasses,
    C,
    fitIntercept,
  };
}

function randomCoef(problem: LogisticProblem): Float64Array {
  const rng = createRng(99);
  const { nOutputs, rowLength } = coefShape(problem);
  return Float64Array.from({ length: nOutputs * rowLength }, () => gaussian(rng));
}

/** Naive twin: sklearn's C·Σ logloss + ½‖W‖², divided by C·nRows, one row at a time. */
function naiveLoss(p: LogisticProblem, coef: Float64Array): number {
  const { nOutputs, rowLength } = coefShape(p);
  let logLoss = 0;
  for (let row = 0; row < p.nRows; row++) {
    const z = Array.from({ length: nOutputs }, (_, k) => {
      let s = p.fitIntercept ? coef[k * rowLength + p.nFeatures] : 0;
      for (let f = 0; f < p.nFeatures; f++) s += coef[k * rowLength + f] * p.X[f * p.nRows + row];
      return s;
    });
    if (nOutputs === 1) {
      const prob = 1 / (1 + Math.exp(-z[0]));
      logLoss -= Math.log(p.y[row] === 1 ? prob : 1 - prob);
    } else {
      const sum = z.reduce((acc, v) => acc + Math.exp(v), 0);
      logLoss -= Math.log(Math.exp(z[p.y[row]]) / sum);
    }
  }
  let squaredNorm = 0;
  for (let k = 0; k < nOutputs; k++) for (let f = 0; f < p.nFeatures; f++) squaredNorm += coef[k * rowLength + f] ** 2;
  const penalty = p.C === Infinity ? 0 : 0.5 * squaredNorm / p.C;
  return (logLoss + penalty) / p.nRows;
}

describe('computeLossAndGradient(problem, coef, gradOut, scratch)', () => {
  it.each([
    ['binary', 2, 1, true],
    ['binary without intercept', 2, 0.3, false],
    ['multinomial', 3, 1, true],
    ['multinomial without penalty', 4, Infinity, true],
  ])('should match the naive loss and finite differences (%s)', (_, nClasses, C, fitIntercept) => {
    const problem = makeProblem(nClasses, C, fitIntercept);
    const coef = randomCoef(problem);
    const grad = new Float64Array(coef.length);
    const loss = computeLossAndGradient(problem, coef, grad, new Float64Array(coefShape(problem).nOutputs * problem.nRows));
    expect(loss).toBeCloseTo(naiveLoss(problem, coef), 12);
    const h = 1e-6;
    for (let i = 0; i < coef.length; i++) {
      const plus = Float64Array.from(coef);
      const minus = Float64Array.from(coef);
      plus[i] += h;
      minus[i] -= h;
      const numeric = (naiveLoss(problem, plus) - naiveLoss(problem, minus)) / (2 * h);
      expect(Math.abs(grad[i] - numeric)).toBeLessThan(1e-7);
    }
  });

  it('should stay finite for extreme scores', () => {
    const problem = makeProblem(2, 1, true);
    const coef = randomCoef(problem).map((v) => v * 1e4);
    const grad = new Float64Array(coef.length);
    const loss = computeLossAndGradient(problem, coef, grad, new Float64Array(problem.nRows));
    expect(Number.isFinite(loss)).toBe(true);
    expect(grad.every(Number.isFinite)).toBe(true);
  });
});
