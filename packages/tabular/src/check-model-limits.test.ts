import { describe, expect, it } from '@jest/globals';
import { ModelLimitsEnvSchema, TabulaError, modelLimitsOf, parseModelParams } from '@tabula/contracts';
import { checkSignatureLimits } from './check-model-limits.js';
import { MODEL_FILE_NAME } from './model-file.js';
import { parseCsvFile } from './csv/parse-csv.js';
import { loadTabularModel } from './tabular-model.js';
import { catchError } from './test-fixtures/catch-error.js';
import { fixturePath } from './test-fixtures/fixture-path.js';
import { trainTabularModel } from './training/train-tabular-model.js';

const DEFAULTS = modelLimitsOf(ModelLimitsEnvSchema.parse({}));
const iris = await parseCsvFile(fixturePath('iris.csv'));
const trained = trainTabularModel({ frame: iris, targetColumn: 'variety', columnsToDrop: [], spec: parseModelParams('RandomForestClassifier', { random_state: 1, n_estimators: 3 }), testSize: 0.2 }).model;
const good = JSON.parse(new TextDecoder().decode(trained.serialize()[MODEL_FILE_NAME])) as {
  preprocessor: { columns: unknown[] };
  class_labels: string[];
  estimator: Record<string, unknown>;
};
const encode = (json: unknown) => ({ [MODEL_FILE_NAME]: new TextEncoder().encode(JSON.stringify(json)) });

/**
 * The model with one more column of `n` categories. Its estimator still has 4 inputs, so a load
 * that got as far as the estimator would fail with MODEL_CORRUPT: a cap error proves nothing was decoded.
 */
const withCategories = (n: number) => ({
  ...good,
  preprocessor: { columns: [...good.preprocessor.columns, { name: 'city', type: 'categorical', mode: 'c0', categories: Array.from({ length: n }, (_, i) => `c${i}`) }] },
});

function limitError(run: () => unknown): TabulaError {
  const error = catchError(run);
  expect(error).toBeInstanceOf(TabulaError);
  expect(error).toMatchObject({ code: 'PAYLOAD_TOO_LARGE' });
  return error as TabulaError;
}

describe('loadTabularModel(files, { limits })', () => {
  it('should refuse a column of 100,000 categories with 413 naming MAX_CATEGORIES, before decoding', () => {
    const error = limitError(() => loadTabularModel(encode(withCategories(100_000)), { limits: DEFAULTS, label: 'model "big" version 1' }));
    expect(error.status).toBe(413);
    expect(error.message).toBe('The column "city" of model "big" version 1 has 100000 categories; the limit is 1000 (MAX_CATEGORIES).');
    expect(error.details).toEqual([{ path: 'MAX_CATEGORIES', message: '100000 > 1000' }]);
  });

  it('should count one-hot inputs against MAX_FEATURES and labels against MAX_CLASSES', () => {
    const limits = { maxFeatures: 10, maxCategories: 1_000, maxClasses: 2 };
    expect(limitError(() => loadTabularModel(encode(withCategories(7)), { limits: { ...limits, maxClasses: 3 } })).message).toBe(
      'The model has 11 features; the limit is 10 (MAX_FEATURES).',
    );
    expect(limitError(() => loadTabularModel(trained.serialize(), { limits })).message).toBe('The model has 3 classes; the limit is 2 (MAX_CLASSES).');
  });

  it('should load a model within the caps, and check nothing without them', () => {
    expect(loadTabularModel(trained.serialize(), { limits: DEFAULTS }).classLabels).toEqual(trained.classLabels);
    // Past the cap but without limits: the load goes on and fails on the inconsistent estimator.
    expect(catchError(() => loadTabularModel(encode(withCategories(2_000))))).toMatchObject({ code: 'MODEL_CORRUPT' });
  });
});

describe('checkSignatureLimits(signature, limits, model)', () => {
  const signature = { target_column: 'y', features: [{ name: 'a', type: 'numeric' as const }, { name: 'b', type: 'numeric' as const }], columns_dropped: [], class_labels: ['x', 'y', 'z'] };

  it('should refuse more input columns than MAX_FEATURES and more labels than MAX_CLASSES', () => {
    expect(limitError(() => checkSignatureLimits(signature, { ...DEFAULTS, maxFeatures: 1 }, 'model "m" version 2')).message).toBe(
      'Model "m" version 2 has 2 features; the limit is 1 (MAX_FEATURES).',
    );
    expect(limitError(() => checkSignatureLimits(signature, { ...DEFAULTS, maxClasses: 2 }, 'model "m" version 2')).message).toBe(
      'Model "m" version 2 has 3 classes; the limit is 2 (MAX_CLASSES).',
    );
    expect(() => checkSignatureLimits({ ...signature, class_labels: null }, DEFAULTS, 'model "m" version 2')).not.toThrow();
  });
});
