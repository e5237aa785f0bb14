import { describe, expect, it } from '@jest/globals';
import { PredictFormSchema, TrainFormSchema } from './forms.js';

describe('TrainFormSchema', () => {
  it('should read the original API form with empty columns_to_drop as defaults', () => {
    const form = TrainFormSchema.parse({
      target_column: 'variety',
      model_type: 'RandomForestClassifier',
      model_params: '{}',
      columns_to_drop: '',
    });
    expect(form).toEqual({
      target_column: 'variety',
      model_type: 'RandomForestClassifier',
      model_params: {},
      columns_to_drop: [],
      model_name: 'default',
      test_size: 0.2,
      class_balance: 'none',
      min_metrics: {},
    });
  });

  it('should read cv, random_state, class_balance and min_metrics from text', () => {
    const form = TrainFormSchema.parse({ target_column: 't', cv: '5', random_state: '42', class_balance: 'weights', min_metrics: '{"roc_auc": 0.9, "log_loss": 0.4}' });
    expect(form).toMatchObject({ cv: 5, random_state: 42, class_balance: 'weights', min_metrics: { roc_auc: 0.9, log_loss: 0.4 } });
    expect(TrainFormSchema.parse({ target_column: 't', cv: '', random_state: ' ' })).toMatchObject({ cv: undefined, random_state: undefined });
  });

  it.each([
    ['cv', { cv: '1' }, 'must be at least 2 folds'],
    ['cv', { cv: '21' }, 'must be at most 20 folds'],
    ['cv', { cv: '2.5' }, 'must be a whole number of folds from 2 to 20'],
    ['random_state', { random_state: '-1' }, 'must be at least 0'],
    ['random_state', { random_state: 'seed' }, 'must be a whole number'],
    ['class_balance', { class_balance: 'smote' }, 'must be one of none, undersample, oversample, weights'],
    ['class_balance', { class_balance: 'oversample', model_type: 'RandomForestRegressor' }, 'applies to classifiers only'],
    ['min_metrics', { min_metrics: '{"roc_auc": 0.9' }, 'is not valid JSON'],
    ['min_metrics.roc_auc', { min_metrics: '{"roc_auc": "high"}' }, 'must be a number'],
  ])('should refuse a bad %s (%j)', (path, fields, message) => {
    const issues = TrainFormSchema.safeParse({ target_column: 't', ...fields }).error?.issues ?? [];
    expect(issues.map((issue) => [issue.path.join('.'), issue.message])).toEqual([[path, expect.stringContaining(message)]]);
  });

  it("should refuse a min_metrics name the model type does not produce, listing the valid ones and the maximums", () => {
    const issues = TrainFormSchema.safeParse({ target_column: 't', model_type: 'RandomForestRegressor', min_metrics: '{"r2": 0.5, "roc_auc": 0.9}' }).error?.issues ?? [];
    expect(issues.map((issue) => issue.path.join('.'))).toEqual(['min_metrics.roc_auc']);
    expect(issues[0].message).toBe(
      'is not a metric of RandomForestRegressor; valid: r2, rmse, mae; thresholds on rmse and mae are maximums (lower is better)',
    );
    expect(TrainFormSchema.safeParse({ target_column: 't', min_metrics: '{"pr_auc": 0.5, "log_loss": 0.7}' }).success).toBe(true);
  });

  it.each([
    ['["a","b"]', ['a', 'b']],
    ['a, b', ['a', 'b']],
    ['a', ['a']],
    ['[]', []],
  ])('should read columns_to_drop %p', (given, expected) => {
    expect(TrainFormSchema.parse({ target_column: 't', columns_to_drop: given }).columns_to_drop).toEqual(expected);
  });

  it('should report every bad field at once', () => {
    const result = TrainFormSchema.safeParse({ model_type: 'Tree', model_params: '{bad', columns_to_drop: '["a",' });
    expect(result.success).toBe(false);
    expect(result.error?.issues.map((issue) => issue.path.join('.')).sort()).toEqual(
      ['columns_to_drop', 'model_params', 'model_type', 'target_column'],
    );
  });

  it('should refuse a model_name that could leave the models directory', () => {
    expect(TrainFormSchema.safeParse({ target_column: 't', model_name: '../x' }).success).toBe(false);
  });
});

describe('PredictFormSchema', () => {
  it('should default to model "default" and leave model_version out, so the default-version rule applies', () => {
    expect(PredictFormSchema.parse({})).toEqual({ columns_to_drop: [], model_name: 'default', model_version: undefined, return_proba: false });
    expect(PredictFormSchema.parse({ model_version: ' ' }).model_version).toBeUndefined();
  });

  it('should read a version number and return_proba from text', () => {
    expect(PredictFormSchema.parse({ model_version: '3', return_proba: 'true' })).toMatchObject({ model_version: 3, return_proba: true });
  });

  it.each([['latest'], ['production'], ['staging-2'], ['Champion_A']])('should keep model_version %p as a name', (given) => {
    expect(PredictFormSchema.parse({ model_version: given }).model_version).toBe(given);
  });

  it.each([['../x'], ['0'], ['-1'], ['1.5'], ['Latest'], ['9lives'], ['a b'], ['x'.repeat(65)]])('should refuse model_version %p', (given) => {
    expect(PredictFormSchema.safeParse({ model_version: given }).success).toBe(false);
  });
});
