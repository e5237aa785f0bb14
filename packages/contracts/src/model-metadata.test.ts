import { describe, expect, it } from '@jest/globals';
import { ModelMetadataSchema } from './model-metadata.js';

/** metadata.json as versions written before evaluation, gates and reports existed. */
const OLDER_METADATA = {
  format_version: 1,
  model_name: 'iris',
  version: 1,
  model_type: 'RandomForestClassifier',
  task: 'classification',
  engine: 'tabula',
  params: { given: {}, applied: { n_estimators: 100, random_state: 7 }, engine_options: {} },
  signature: { target_column: 'variety', features: [{ name: 'sepal.length', type: 'numeric' }], columns_dropped: [], class_labels: ['a', 'b'] },
  metrics: { accuracy: 0.9 },
  split: { test_size: 0.2, n_train: 120, n_test: 30, stratified: true },
  dataset: { sha256: 'ab', bytes: 10, n_rows: 150, n_columns: 5 },
  created_at: '2024-05-01T10:00:00.000Z',
  training_ms: 12,
  package_versions: { node: '22.0.0' },
  artifacts: [],
};

describe('ModelMetadataSchema', () => {
  it('should read a file written before the evaluation fields, with their defaults', () => {
    const metadata = ModelMetadataSchema.parse(OLDER_METADATA);
    expect(metadata).toMatchObject({
      status: 'ready',
      rejection_reasons: [],
      min_metrics: {},
      evaluation: {},
      feature_importance: null,
      data_report: null,
      class_balance: null,
    });
    expect(metadata.split.random_state).toBeUndefined();
  });

  it('should keep the evaluation, reports and gates of a newer file', () => {
    const newer = {
      ...OLDER_METADATA,
      status: 'rejected',
      rejection_reasons: ['accuracy 0.9 is below the minimum 0.95'],
      min_metrics: { accuracy: 0.95 },
      split: { ...OLDER_METADATA.split, random_state: 7 },
      evaluation: {
        per_class: [{ label: 'a', precision: 1, recall: 0.8, f1: 0.888, support: 15 }],
        confusion_matrix: { labels: ['a', 'b'], matrix: [[12, 3], [0, 15]] },
        cv: { folds: 5, stratified: true, metrics: { accuracy: { mean: 0.9, std: 0.02, values: [0.88, 0.9, 0.92, 0.9, 0.9] } } },
      },
      feature_importance: { method: 'permutation', scoring: 'accuracy', n_repeats: 5, n_rows: 30, importances: [{ feature: 'sepal.length', importance: 0.3, std: 0.05 }] },
      class_balance: { method: 'weights', train_counts_before: { a: 60, b: 60 }, train_counts_after: { a: 60, b: 60 }, class_weights: { a: 1, b: 1 } },
    };
    expect(ModelMetadataSchema.parse(newer)).toMatchObject(newer);
  });
});
