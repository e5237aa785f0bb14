import { describe, expect, it } from '@jest/globals';
import { minimizeLbfgs, type Objective } from './lbfgs.js';

/** ½ Σ a_i (x_i − i)², condition number 100. */
const quadratic: Objective = (x, g) => {
  let f = 0;
  for (let i = 0; i < x.length; i++) {
    const a = 10 ** ((2 * i) / (x.length - 1));
    f += 0.5 * a * (x[i] - i) ** 2;
    g[i] = a * (x[i] - i);
  }
  return f;
};

const rosenbrock: Objective = (x, g) => {
  const [a, b] = [x[0], x[1]];
  g[0] = -2 * (1 - a) - 400 * a * (b - a * a);
  g[1] = 200 * (b - a * a);
  return (1 - a) ** 2 + 100 * (b - a * a) ** 2;
};

describe('minimizeLbfgs(objective, x0, options)', () => {
  it('should find the minimum of an ill-conditioned quadratic to the gradient tolerance', () => {
    const result = minimizeLbfgs(quadratic, new Float64Array(20), { tol: 1e-8, maxIter: 200, ftol: 0 });
    expect(result.isConverged).toBe(true);
    result.x.forEach((v, i) => expect(v).toBeCloseTo(i, 6));
    expect(result.nEvals).toBeGreaterThanOrEqual(result.nIter);
  });

  it('should follow the curved valley of the Rosenbrock function to (1, 1)', () => {
    const result = minimizeLbfgs(rosenbrock, Float64Array.of(-1.2, 1), { tol: 1e-6, maxIter: 200 });
    expect(result.isConverged).toBe(true);
    expect(result.x[0]).toBeCloseTo(1, 4);
    expect(result.x[1]).toBeCloseTo(1, 4);
    expect(result.f).toBeLessThan(1e-8);
  });

  it('should stop after maxIter iterations and say it did not converge', () => {
    const result = minimizeLbfgs(rosenbrock, Float64Array.of(-1.2, 1), { tol: 1e-12, maxIter: 3 });
    expect(result.nIter).toBe(3);
    expect(result.isConverged).toBe(false);
  });

  it('should return the start at once when its gradient is already below tol', () => {
    const result = minimizeLbfgs(quadratic, Float64Array.from({ length: 5 }, (_, i) => i), { tol: 1e-6, maxIter: 10 });
    expect(result).toMatchObject({ nIter: 0, nEvals: 1, isConverged: true, f: 0 });
  });
});
