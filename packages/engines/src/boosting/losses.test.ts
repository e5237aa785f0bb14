import { describe, expect, it } from '@jest/globals';
import { createRng } from '../random/seeded-rng.js';
import type { BoostingLossName } from './boosting-options.js';
import { createLoss } from './losses.js';

const n = 50;
const rng = createRng(4);
const raw3 = Float64Array.from({ length: 3 * n }, () => 2 * rng.nextFloat() - 1);
const weights = Float64Array.from({ length: n }, () => 0.5 + rng.nextFloat());
const targets: Record<string, Float64Array> = {
  squared_error: Float64Array.from({ length: n }, () => 4 * rng.nextFloat() - 2),
  absolute_error: Float64Array.from({ length: n }, () => 4 * rng.nextFloat() - 2),
  poisson: Float64Array.from({ length: n }, () => rng.nextBelow(5)),
  binary: Float64Array.from({ length: n }, () => rng.nextBelow(2)),
  multiclass: Float64Array.from({ length: n }, () => rng.nextBelow(3)),
};

/** Weighted loss summed (mean × total weight), so its derivative in raw[i] is row i's gradient. */
function totalLoss(name: BoostingLossName, nClasses: number, y: Float64Array, raw: Float64Array): number {
  return createLoss(name, nClasses).meanLoss(y, weights, raw, null) * weights.reduce((a, b) => a + b, 0);
}

describe('createLoss(name, nClasses)', () => {
  it.each<[string, BoostingLossName, number]>([
    ['squared_error', 'squared_error', 0],
    ['absolute_error', 'absolute_error', 0],
    ['poisson', 'poisson', 0],
    ['binary', 'log_loss', 2],
    ['multiclass', 'log_loss', 3],
  ])("should give each row's weighted gradient as the loss's derivative (%s, central differences)", (key, name, nClasses) => {
    const loss = createLoss(name, nClasses);
    const y = targets[key];
    const raw = raw3.slice(0, loss.nTreesPerIteration * n);
    const gradients = new Float64Array(raw.length);
    const hessians = new Float64Array(raw.length);
    loss.computeGradients(y, weights, raw, gradients, hessians);
    const step = 1e-6;
    for (const i of [0, 7, raw.length - 1]) {
      const up = raw.slice();
      const down = raw.slice();
      up[i] += step;
      down[i] -= step;
      const numeric = (totalLoss(name, nClasses, y, up) - totalLoss(name, nClasses, y, down)) / (2 * step);
      expect(gradients[i]).toBeCloseTo(numeric, 5);
    }
  });

  it('should start from the raw score that minimizes the loss alone (the prior log-odds, the mean, the median)', () => {
    const check = (name: BoostingLossName, nClasses: number, y: Float64Array) => {
      const loss = createLoss(name, nClasses);
      const base = loss.baseline(y, null);
      const raw = new Float64Array(loss.nTreesPerIteration * n);
      for (let k = 0; k < base.length; k++) raw.fill(base[k], k * n, (k + 1) * n);
      const at = loss.meanLoss(y, null, raw, null);
      for (const shift of [-0.01, 0.01]) expect(loss.meanLoss(y, null, raw.map((v) => v + shift), null)).toBeGreaterThanOrEqual(at - 1e-12);
      return base;
    };
    const p = targets.binary.reduce((a, b) => a + b, 0) / n;
    expect(check('log_loss', 2, targets.binary)[0]).toBeCloseTo(Math.log(p / (1 - p)), 12);
    expect(check('squared_error', 0, targets.squared_error)[0]).toBeCloseTo(targets.squared_error.reduce((a, b) => a + b, 0) / n, 12);
    check('absolute_error', 0, targets.absolute_error);
    check('poisson', 0, targets.poisson);
    const multi = check('log_loss', 3, targets.multiclass);
    expect(multi.reduce((a, b) => a + b, 0)).toBeCloseTo(0, 12);
  });
});
