import { describe, expect, it } from '@jest/globals';
import { PreprocessingSpecSchema } from './preprocessing-spec.js';
import { TrainFormSchema } from './forms.js';

const issuesOf = (given: unknown) => {
  const result = TrainFormSchema.safeParse({ target_column: 'variety', model_type: 'LogisticRegression', preprocessing: given });
  return result.success ? [] : result.error.issues.map((issue) => [issue.path.join('.'), issue.message]);
};

describe('PreprocessingSpecSchema', () => {
  it('should fill today\'s preprocessing in as the defaults', () => {
    expect(PreprocessingSpecSchema.parse({})).toEqual({
      numeric_imputation: 'median',
      scaling: 'none',
      categorical_encoding: 'onehot',
      detect_datetime: false,
      column_types: {},
    });
  });

  it('should accept every option', () => {
    const given = { numeric_imputation: 'constant', fill_value: -1, scaling: 'robust', categorical_encoding: 'native', max_categories: 10, detect_datetime: true, column_types: { a: 'datetime' } };
    expect(PreprocessingSpecSchema.parse(given)).toEqual(given);
  });
});

describe('TrainFormSchema preprocessing field', () => {
  it('should read a blank or absent field as not given, and keep what was given as given', () => {
    expect(TrainFormSchema.parse({ target_column: 'variety' }).preprocessing).toBeUndefined();
    expect(TrainFormSchema.parse({ target_column: 'variety', preprocessing: ' ' }).preprocessing).toBeUndefined();
    expect(TrainFormSchema.parse({ target_column: 'variety', preprocessing: '{"scaling": "standard"}' }).preprocessing).toEqual({ scaling: 'standard' });
  });

  it('should refuse unknown keys and values, naming the key and what is allowed', () => {
    expect(issuesOf('{"scale": "standard"}')).toEqual([['preprocessing', expect.stringMatching(/unknown key "scale"; the keys are numeric_imputation, fill_value, scaling/)]]);
    expect(issuesOf('{"scaling": "zscore"}')).toEqual([['preprocessing.scaling', 'must be one of none, standard, minmax, robust']]);
    expect(issuesOf('{"numeric_imputation": "mode"}')).toEqual([['preprocessing.numeric_imputation', 'must be one of median, mean, constant']]);
    expect(issuesOf('{"categorical_encoding": "hash"}')).toEqual([['preprocessing.categorical_encoding', 'must be one of onehot, ordinal, native']]);
    expect(issuesOf('{"column_types": {"x": "text"}}')).toEqual([['preprocessing.column_types.x', 'must be one of numeric, categorical, datetime']]);
    expect(issuesOf('{"max_categories": 1.5}')).toEqual([['preprocessing.max_categories', 'must be a whole number from 2 to 10000']]);
    expect(issuesOf('[1]')).toHaveLength(1);
  });

  it('should tie fill_value to numeric_imputation=constant', () => {
    expect(issuesOf('{"numeric_imputation": "constant"}')).toEqual([['preprocessing.fill_value', expect.stringContaining('is required with numeric_imputation=constant')]]);
    expect(issuesOf('{"fill_value": 0}')).toEqual([['preprocessing.fill_value', 'applies to numeric_imputation=constant only, not median']]);
  });

  it('should refuse native encoding for LogisticRegression before the upload is read', () => {
    expect(issuesOf('{"categorical_encoding": "native"}')).toEqual([['preprocessing.categorical_encoding', expect.stringContaining('native applies to forests only')]]);
    expect(TrainFormSchema.safeParse({ target_column: 'variety', preprocessing: '{"categorical_encoding": "native"}' }).success).toBe(true);
  });
});
