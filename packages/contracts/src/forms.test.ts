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
    });
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
  it('should default to the latest version of "default"', () => {
    expect(PredictFormSchema.parse({})).toEqual({ columns_to_drop: [], model_name: 'default', model_version: 'latest', return_proba: false });
  });

  it('should read a version number and return_proba from text', () => {
    expect(PredictFormSchema.parse({ model_version: '3', return_proba: 'true' })).toMatchObject({ model_version: 3, return_proba: true });
  });

  it.each([['../x'], ['0'], ['-1'], ['abc']])('should refuse model_version %p', (given) => {
    expect(PredictFormSchema.safeParse({ model_version: given }).success).toBe(false);
  });
});
