import { describe, expect, it } from '@jest/globals';
import { parseModelParams, type RandomForestClassifierParams, type RandomForestRegressorParams } from '@tabula/contracts';
import { mapForestOptions, resolveMaxFeatures } from './forest-options.js';

const classifierParams = (given: Record<string, unknown> = {}) =>
  parseModelParams('RandomForestClassifier', given).params as RandomForestClassifierParams;
const regressorParams = (given: Record<string, unknown> = {}) =>
  parseModelParams('RandomForestRegressor', given).params as RandomForestRegressorParams;

describe('mapForestOptions(params, nFeatures, isClassifier, seed)', () => {
  it('should map the classifier defaults, avoiding the known ml-random-forest pitfalls', () => {
    const { options, featuresPerTree, unsupported } = mapForestOptions(classifierParams(), 9, true, 42);
    expect(options).toEqual({
      nEstimators: 100,
      maxFeatures: 7,
      replacement: false,
      useSampleBagging: true,
      noOOB: true,
      seed: 42,
      treeOptions: { gainFunction: 'gini', splitFunction: 'mean', minNumSamples: 1, gainThreshold: 1e-9 },
    });
    expect(featuresPerTree).toBe(7);
    expect(unsupported.max_features).toContain('per tree, not per split');
  });

  it('should map the regressor defaults to all features and mean selection', () => {
    const { options, unsupported } = mapForestOptions(regressorParams(), 6, false, 1);
    expect(options.maxFeatures).toBe(1);
    expect(options.selectionMethod).toBe('mean');
    expect(options.treeOptions).toEqual({ gainFunction: 'regression', splitFunction: 'mean', minNumSamples: 1 });
    expect(unsupported).toEqual({});
  });

  it('should map n_estimators, max_depth, bootstrap and the split sizes', () => {
    const params = classifierParams({ n_estimators: 7, max_depth: 3, bootstrap: false, min_samples_split: 5, max_features: null });
    const { options } = mapForestOptions(params, 4, true, 0);
    expect(options).toMatchObject({ nEstimators: 7, useSampleBagging: false, maxFeatures: 1 });
    expect(options.treeOptions).toMatchObject({ maxDepth: 3, minNumSamples: 4 });
    const leafy = mapForestOptions(classifierParams({ min_samples_leaf: 3 }), 4, true, 0);
    expect(leafy.options.treeOptions.minNumSamples).toBe(5);
    expect(leafy.unsupported.min_samples_leaf).toContain('no leaf-size limit');
  });

  it('should pass one feature of several as a fraction the library floors to 1', () => {
    const { options, featuresPerTree } = mapForestOptions(classifierParams({ max_features: 0.25 }), 4, true, 0);
    expect(featuresPerTree).toBe(1);
    expect(Math.floor(4 * options.maxFeatures)).toBe(1);
    expect(options.maxFeatures).toBeLessThan(1);
  });

  it('should cap a feature count above the number of features', () => {
    const { options, unsupported } = mapForestOptions(classifierParams({ max_features: 10 }), 6, true, 0);
    expect(options.maxFeatures).toBe(1);
    expect(unsupported.max_features).toContain('10 is more than the 6 features');
  });

  it('should note the params ml.js cannot honour', () => {
    const { unsupported } = mapForestOptions(classifierParams({ criterion: 'entropy', n_jobs: 4 }), 4, true, 0);
    expect(Object.keys(unsupported).sort()).toEqual(['criterion', 'max_features', 'n_jobs']);
  });
});

describe('resolveMaxFeatures(maxFeatures, nFeatures)', () => {
  it("should read max_features as scikit-learn does", () => {
    expect(resolveMaxFeatures('sqrt', 10)).toBe(3);
    expect(resolveMaxFeatures('log2', 16)).toBe(4);
    expect(resolveMaxFeatures('sqrt', 1)).toBe(1);
    expect(resolveMaxFeatures(null, 7)).toBe(7);
    expect(resolveMaxFeatures(1, 7)).toBe(7);
    expect(resolveMaxFeatures(0.5, 9)).toBe(4);
    expect(resolveMaxFeatures(0.01, 9)).toBe(1);
    expect(resolveMaxFeatures(3, 9)).toBe(3);
  });
});
