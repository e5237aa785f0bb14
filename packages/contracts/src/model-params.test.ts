import { describe, expect, it } from '@jest/globals';
import { TabulaError } from './errors/tabula-error.js';
import { parseModelParams } from './model-params.js';

function errorOf(run: () => unknown): TabulaError {
  try {
    run();
  } catch (error) {
    if (error instanceof TabulaError) return error;
    throw error;
  }
  throw new Error('expected a TabulaError');
}

describe('parseModelParams(modelType, given)', () => {
  it('should fill in scikit-learn defaults for an empty object', () => {
    const spec = parseModelParams('RandomForestClassifier', {});
    expect(spec.params).toMatchObject({ n_estimators: 100, max_depth: null, max_features: 'sqrt', min_samples_leaf: 1 });
  });

  it('should default max_features to all features for the regressor', () => {
    expect(parseModelParams('RandomForestRegressor', {}).params).toMatchObject({ max_features: 1, criterion: 'squared_error' });
  });

  it('should keep given values', () => {
    expect(parseModelParams('LogisticRegression', { C: 0.5, max_iter: 300 }).params).toMatchObject({ C: 0.5, max_iter: 300 });
  });

  it('should refuse an unknown key with INVALID_PARAMS naming it and listing the valid keys', () => {
    const error = errorOf(() => parseModelParams('RandomForestClassifier', { n_trees: 5 }));
    expect(error.code).toBe('INVALID_PARAMS');
    expect(error.message).toContain('n_trees');
    expect(error.hint).toContain('n_estimators');
    expect(error.details).toEqual([{ path: 'model_params.n_trees', message: expect.any(String) }]);
  });

  it('should refuse a mistyped value with its path', () => {
    const error = errorOf(() => parseModelParams('RandomForestClassifier', { n_estimators: 'many' }));
    expect(error.details?.[0].path).toBe('model_params.n_estimators');
  });

  it('should refuse a forest-only key on logistic regression', () => {
    expect(errorOf(() => parseModelParams('LogisticRegression', { n_estimators: 10 })).message).toContain('n_estimators');
  });

  it.each([['sqrt'], ['log2'], [0.5], [1], [7], [null]])('should accept max_features=%p', (value) => {
    expect(parseModelParams('RandomForestClassifier', { max_features: value }).params).toMatchObject({ max_features: value });
  });

  it.each([[0], [-1], [2.5], ['half']])('should refuse max_features=%p', (value) => {
    expect(errorOf(() => parseModelParams('RandomForestClassifier', { max_features: value })).code).toBe('INVALID_PARAMS');
  });
});
