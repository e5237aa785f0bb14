import { describe, expect, it } from '@jest/globals';
import { TabulaError, parseModelParams } from '@tabula/contracts';
import { assertClassBalanceSupported, balanceClasses } from './class-balance.js';
import { createUniformRng } from './training-rng.js';
import { catchError } from '../test-fixtures/catch-error.js';

// 10 rows: class "a" at positions 0-5, "b" at 6-8, "c" at 9; the training split is every position but 1.
const CLASS_IDX = [0, 0, 0, 0, 0, 0, 1, 1, 1, 2];
const LABELS = ['a', 'b', 'c'];
const TRAIN = Uint32Array.of(0, 2, 3, 4, 5, 6, 7, 8, 9);
const classesOf = (positions: Uint32Array) => Array.from(positions, (p) => LABELS[CLASS_IDX[p]]);

describe('balanceClasses(positions, classIdx, classLabels, method, rng)', () => {
  it('should leave the rows as they are for none', () => {
    const { positions, sampleWeight, report } = balanceClasses(TRAIN, CLASS_IDX, LABELS, 'none', createUniformRng(1));
    expect(positions).toBe(TRAIN);
    expect(sampleWeight).toBeUndefined();
    expect(report).toEqual({ method: 'none', train_counts_before: { a: 5, b: 3, c: 1 }, train_counts_after: { a: 5, b: 3, c: 1 } });
  });

  it('should cut every class to the smallest, drawing only training rows', () => {
    const { positions, report } = balanceClasses(TRAIN, CLASS_IDX, LABELS, 'undersample', createUniformRng(1));
    expect(classesOf(positions)).toEqual(['a', 'b', 'c']);
    expect([...positions].every((p) => TRAIN.includes(p))).toBe(true);
    expect(report.train_counts_after).toEqual({ a: 1, b: 1, c: 1 });
  });

  it('should top every class up to the largest with repeats of its own training rows', () => {
    const { positions, report } = balanceClasses(TRAIN, CLASS_IDX, LABELS, 'oversample', createUniformRng(1));
    expect(report.train_counts_after).toEqual({ a: 5, b: 5, c: 5 });
    expect(positions.length).toBe(15);
    expect([...positions]).toEqual([...positions].sort((x, y) => x - y));
    expect(positions.filter((p) => p === 9).length).toBe(5);
    expect([...positions].every((p) => TRAIN.includes(p))).toBe(true);
    for (const p of TRAIN) expect(positions).toContain(p);
  });

  it('should weight each row n / (n_classes × its class count), summing to n', () => {
    const { positions, sampleWeight, report } = balanceClasses(TRAIN, CLASS_IDX, LABELS, 'weights', createUniformRng(1));
    expect(positions).toBe(TRAIN);
    expect(report.class_weights).toEqual({ a: 9 / 15, b: 1, c: 3 });
    expect(Array.from(sampleWeight!)).toEqual(classesOf(TRAIN).map((label) => ({ a: 9 / 15, b: 1, c: 3 })[label]));
    expect(sampleWeight!.reduce((sum, w) => sum + w, 0)).toBeCloseTo(9, 12);
  });

  it('should repeat its draws for a seed', () => {
    const draw = (seed: number) => balanceClasses(TRAIN, CLASS_IDX, LABELS, 'undersample', createUniformRng(seed)).positions;
    expect(draw(3)).toEqual(draw(3));
    expect(new Set([1, 2, 3, 4, 5, 6, 7, 8].map((seed) => draw(seed).join())).size).toBeGreaterThan(1);
  });
});

describe('assertClassBalanceSupported(spec, method, nClasses)', () => {
  const refusal = (run: () => void) => {
    const error = catchError(run);
    expect(error).toBeInstanceOf(TabulaError);
    expect(error).toMatchObject({ code: 'INVALID_INPUT' });
    return error as TabulaError;
  };

  it('should accept resampling on every engine and weights on tabula', () => {
    for (const engine of ['tabula', 'mljs']) {
      const spec = parseModelParams('LogisticRegression', { engine });
      for (const method of ['none', 'undersample', 'oversample'] as const) expect(() => assertClassBalanceSupported(spec, method, 2)).not.toThrow();
    }
    expect(() => assertClassBalanceSupported(parseModelParams('RandomForestClassifier', {}), 'weights', 2)).not.toThrow();
  });

  it('should refuse weights on mljs and any balance for regression', () => {
    expect(refusal(() => assertClassBalanceSupported(parseModelParams('LogisticRegression', { engine: 'mljs' }), 'weights', 2)).details).toEqual([
      { path: 'class_balance', message: 'weights is not supported by engine "mljs"' },
    ]);
    expect(refusal(() => assertClassBalanceSupported(parseModelParams('RandomForestRegressor', {}), 'oversample', 0)).message).toContain('is a regressor');
  });
});
