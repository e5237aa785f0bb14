import { describe, expect, it } from '@jest/globals';
import { OTHER_CATEGORY } from '@tabula/contracts';
import type { RawValue } from '../csv/cell-value.js';
import type { Frame } from '../frame.js';
import type { TabularModel } from '../tabular-model.js';
import { binShares, buildDriftReference, compareWithReference, quantile } from './drift-reference.js';

const THRESHOLDS = { psi_warn: 0.1, psi_drift: 0.25, p_value: 0.05 };

/** A regressor that predicts twice x: enough of a model for the reference, which only reads features and scores. */
const doubler = {
  modelType: 'RandomForestRegressor',
  task: 'regression',
  features: [
    { name: 'x', type: 'numeric' },
    { name: 'c', type: 'categorical' },
  ],
  classLabels: null,
  predict: (frame: Frame) => ({ predictions: frame.values[frame.columns.indexOf('x')].map((x) => (x === null ? Number.NaN : 2 * Number(x))) }),
  serialize: () => ({}),
} as unknown as TabularModel;

function frameOf(x: RawValue[], c: RawValue[]): Frame {
  return { columns: ['x', 'c'], nRows: x.length, values: [x, c] };
}
const ONE_TO_100 = Array.from({ length: 100 }, (_, i) => i + 1);
const ABC = ONE_TO_100.map((i) => (i <= 50 ? 'a' : i <= 80 ? 'b' : 'c'));

describe('quantile and binShares', () => {
  it('interpolate as numpy.quantile does', () => {
    const sorted = Float64Array.from([1, 2, 3, 4, 10]);
    expect([0.1, 0.5, 0.95].map((level) => quantile(sorted, level))).toEqual([1.4, 3, expect.closeTo(8.8, 12)]);
  });

  it('put a value equal to an edge in the bin below it', () => {
    expect(binShares(Float64Array.from([1, 2, 2, 3, 9]), [2, 5])).toEqual([0.6, 0.2, 0.2]);
  });
});

describe('buildDriftReference', () => {
  const reference = buildDriftReference(frameOf([...ONE_TO_100, null], [...ABC, null]), doubler);

  it('bins numeric features at the deciles (numpy: 10.9, 20.8, …, 90.1), a tenth in each bin', () => {
    const x = reference.features.x;
    if (x.type !== 'numeric') throw new Error('x is numeric');
    expect(x.edges.map((edge) => Math.round(edge * 10) / 10)).toEqual([10.9, 20.8, 30.7, 40.6, 50.5, 60.4, 70.3, 80.2, 90.1]);
    expect(x.proportions.map((share) => Math.round(share * 100) / 100)).toEqual(new Array(10).fill(0.1));
    expect(x).toMatchObject({ n: 100, missing: 1 });
    expect(x.quantiles).toHaveLength(101);
    expect([x.quantiles[0], x.quantiles[100]]).toEqual([1, 100]);
  });

  it('stores category shares, with the bucket for unseen ones', () => {
    expect(reference.features.c).toEqual({ type: 'categorical', n: 100, missing: 1, frequencies: { a: 0.5, b: 0.3, c: 0.2, [OTHER_CATEGORY]: 0 } });
  });

  it("describes the model's score: a regressor's prediction", () => {
    expect(reference.score).toMatchObject({ kind: 'prediction', label: null, n: 100, missing: 1 });
    expect(reference.score.quantiles[100]).toBe(200);
  });

  it('folds categories beyond the 50 most frequent into one bucket', () => {
    const many = ONE_TO_100.map((i) => `k${i % 60}`);
    const folded = buildDriftReference(frameOf(ONE_TO_100, many), doubler).features.c;
    if (folded.type !== 'categorical') throw new Error('c is categorical');
    expect(Object.keys(folded.frequencies)).toHaveLength(51);
    expect(folded.frequencies[OTHER_CATEGORY]).toBeCloseTo(10 / 100, 12);
  });
});

describe('compareWithReference', () => {
  const reference = buildDriftReference(frameOf(ONE_TO_100, ABC), doubler);

  it('finds nothing in the training data itself', () => {
    const report = compareWithReference(reference, frameOf(ONE_TO_100, ABC), doubler, THRESHOLDS);
    expect(report.status).toBe('ok');
    expect(report.features.x).toMatchObject({ psi: 0, ks_p_value: 1, status: 'ok' });
    // Not 0: the 101 stored quantiles stand for the 100 values, a difference of at most 1/100 in the CDF.
    expect(report.features.x.ks_statistic).toBeLessThanOrEqual(0.01);
    expect(report.features.c).toMatchObject({ psi: 0, chi_square: 0, chi_square_p_value: 1, status: 'ok' });
  });

  it('flags a shifted numeric feature, and the score that follows it, but not the untouched one', () => {
    const report = compareWithReference(reference, frameOf(ONE_TO_100.map((x) => x + 50), ABC), doubler, THRESHOLDS);
    expect(report.status).toBe('drift');
    expect(report.features.x.status).toBe('drift');
    expect(report.features.x.ks_statistic).toBeCloseTo(0.5, 1);
    expect(report.features.c.status).toBe('ok');
    expect(report.score.status).toBe('drift');
  });

  it('counts unseen categories in the other bucket', () => {
    const report = compareWithReference(reference, frameOf(ONE_TO_100, ONE_TO_100.map(() => 'z')), doubler, THRESHOLDS);
    expect(report.features.c.status).toBe('drift');
    expect(report.features.x.status).toBe('ok');
  });

  it('rates by the thresholds: warn between them', () => {
    const report = compareWithReference(reference, frameOf(ONE_TO_100.map((x) => x + 50), ABC), doubler, { ...THRESHOLDS, psi_drift: 1000 });
    expect(report.features.x.status).toBe('warn');
  });

  it('leaves a PSI past the thresholds ok while its test finds no significant difference', () => {
    // Ten values spread over the training range, two by two: half the bins empty, so a huge PSI, yet
    // KS finds them a plausible draw from 1..100.
    const sample = [2, 4, 14, 16, 35, 37, 55, 57, 75, 77];
    const report = compareWithReference(reference, frameOf(sample, sample.map(() => 'a')), doubler, THRESHOLDS);
    expect(report.features.x.ks_p_value).toBeGreaterThan(0.05);
    expect(report.features.x.status).toBe('ok');
    // Ten "a" against a training share of one half is significant, and flagged.
    expect(report.features.c).toMatchObject({ status: 'drift' });
    expect(report.features.c.chi_square_p_value).toBeLessThan(0.05);
    const byPsiAlone = compareWithReference(reference, frameOf(sample, sample.map(() => 'a')), doubler, { ...THRESHOLDS, p_value: 1 });
    expect(byPsiAlone.features.x).toMatchObject({ status: 'drift', psi: report.features.x.psi });
    expect(report.features.x.psi).toBeGreaterThan(THRESHOLDS.psi_drift);
  });
});

describe('keys that are also Object.prototype names', () => {
  it('keep a category named "__proto__" or "constructor" as an own category', () => {
    const odd = ONE_TO_100.map((i) => (i <= 50 ? '__proto__' : 'constructor'));
    const reference = buildDriftReference(frameOf(ONE_TO_100, odd), doubler);
    const c = reference.features.c;
    if (c.type !== 'categorical') throw new Error('c is categorical');
    expect(Object.keys(c.frequencies).sort()).toEqual([OTHER_CATEGORY, '__proto__', 'constructor'].sort());
    const report = compareWithReference(JSON.parse(JSON.stringify(reference)), frameOf(ONE_TO_100, odd), doubler, THRESHOLDS);
    expect(report.features.c).toMatchObject({ psi: 0, status: 'ok' });
  });
});
