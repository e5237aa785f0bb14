import { DriftReferenceSchema } from './drift-reference.js';
import { InputExampleSchema, InputSchemaSchema } from './input-schema.js';
import { EngineSchema, ModelTypeSchema } from './model-params.js';
import { ModelNameSchema } from './names.js';
import { PreprocessingRecordSchema } from './preprocessing-spec.js';
import { DatasetFormatSchema } from './table-format.js';
import { z } from './z.js';

export const TaskSchema = z.enum(['classification', 'regression']);
export type Task = z.infer<typeof TaskSchema>;

export const FeatureTypeSchema = z.enum(['numeric', 'categorical', 'datetime']);
export const FeatureSpecSchema = z.object({ name: z.string(), type: FeatureTypeSchema });
export type FeatureSpec = z.infer<typeof FeatureSpecSchema>;

export const ClassLabelSchema = z.union([z.string(), z.number()]);
export type ClassLabel = z.infer<typeof ClassLabelSchema>;

export const MetricsSchema = z.record(z.string(), z.number()).openapi({ example: { accuracy: 0.967 } });
export type Metrics = z.infer<typeof MetricsSchema>;

/** Counts per class label, keyed by the label as text (as prediction probabilities are), in class-label order. */
export const ClassCountsSchema = z.record(z.string(), z.number().int().min(0)).openapi({ example: { No: 300, Yes: 100 } });
export type ClassCounts = z.infer<typeof ClassCountsSchema>;

/** One class's held-out scores; a class never predicted (or never present) scores 0, as zero_division=0. */
export const PerClassMetricsSchema = z.object({
  label: ClassLabelSchema,
  precision: z.number(),
  recall: z.number(),
  f1: z.number(),
  /** Test rows of this class. */
  support: z.number().int().min(0),
});
export type PerClassMetrics = z.infer<typeof PerClassMetricsSchema>;

export const ConfusionMatrixSchema = z
  .object({
    labels: z.array(ClassLabelSchema),
    /** matrix[i][j]: test rows of class labels[i] predicted as labels[j] (scikit-learn's layout). */
    matrix: z.array(z.array(z.number().int().min(0))),
  })
  .openapi({ example: { labels: ['No', 'Yes'], matrix: [[70, 5], [9, 16]] } });
export type ConfusionMatrix = z.infer<typeof ConfusionMatrixSchema>;

/** A metric over the cross-validation folds: mean, population std (numpy's default) and each fold's value. */
export const MetricSummarySchema = z.object({ mean: z.number(), std: z.number().min(0), values: z.array(z.number()) });
export type MetricSummary = z.infer<typeof MetricSummarySchema>;

/** k-fold cross-validation on the training split (form field cv); the stored model is not one of the fold models. */
export const CrossValidationSchema = z.object({
  folds: z.number().int().min(2),
  stratified: z.boolean(),
  metrics: z.record(z.string(), MetricSummarySchema),
});
export type CrossValidation = z.infer<typeof CrossValidationSchema>;

/** The held-out evaluation beyond the flat metrics. Classifiers fill per_class and confusion_matrix. */
export const EvaluationSchema = z
  .object({
    per_class: z.array(PerClassMetricsSchema).optional(),
    confusion_matrix: ConfusionMatrixSchema.optional(),
    cv: CrossValidationSchema.optional(),
  })
  .openapi('Evaluation');
export type Evaluation = z.infer<typeof EvaluationSchema>;

/**
 * Permutation importance on the held-out split (scikit-learn's permutation_importance): how much the
 * score drops when one input column's values are shuffled, mean and std over the repeats, largest first.
 */
export const FeatureImportanceSchema = z
  .object({
    method: z.literal('permutation'),
    /** accuracy for classifiers, r2 for regressors (each estimator's default score in scikit-learn). */
    scoring: z.enum(['accuracy', 'r2']),
    n_repeats: z.number().int().min(1),
    /** Held-out rows scored (a seeded sample when the split is larger). */
    n_rows: z.number().int().min(1),
    importances: z.array(z.object({ feature: z.string(), importance: z.number(), std: z.number().min(0) })),
  })
  .openapi('FeatureImportance');
export type FeatureImportance = z.infer<typeof FeatureImportanceSchema>;

export const ColumnReportSchema = z.object({
  name: z.string(),
  role: z.enum(['feature', 'target', 'dropped']),
  /** numeric when every present value is a number, as the preprocessing decides. */
  type: FeatureTypeSchema,
  missing: z.number().int().min(0),
  missing_pct: z.number().min(0).max(100),
  /** Distinct present values. */
  distinct: z.number().int().min(0),
  /** Numeric columns with a value. */
  min: z.number().optional(),
  max: z.number().optional(),
  mean: z.number().optional(),
  /** Categorical columns: the most frequent values, most frequent first. */
  top: z.array(z.object({ value: z.string(), count: z.number().int().min(1) })).optional(),
});
export type ColumnReport = z.infer<typeof ColumnReportSchema>;

/** What the training data looked like: every column of the upload, and the target's classes. */
export const DataReportSchema = z
  .object({
    n_rows: z.number().int().min(0),
    n_columns: z.number().int().min(0),
    /** Rows left out because their target is missing. */
    n_rows_without_target: z.number().int().min(0),
    columns: z.array(ColumnReportSchema),
    /** Classifiers: rows per class over the usable rows; null for regression. */
    class_counts: ClassCountsSchema.nullable(),
  })
  .openapi('DataReport');
export type DataReport = z.infer<typeof DataReportSchema>;

export const CLASS_BALANCE_METHODS = ['none', 'undersample', 'oversample', 'weights'] as const;
export const ClassBalanceMethodSchema = z.enum(CLASS_BALANCE_METHODS, { message: `must be one of ${CLASS_BALANCE_METHODS.join(', ')}` });
export type ClassBalanceMethod = z.infer<typeof ClassBalanceMethodSchema>;

/** How the training split was rebalanced (never the test split). */
export const ClassBalanceSchema = z
  .object({
    method: ClassBalanceMethodSchema,
    /** Training rows per class before and after resampling (the same for none and weights). */
    train_counts_before: ClassCountsSchema,
    train_counts_after: ClassCountsSchema,
    /** method weights: the weight of each class's rows, n / (n_classes × count), as scikit-learn's "balanced". */
    class_weights: z.record(z.string(), z.number()).optional(),
  })
  .openapi('ClassBalance');
export type ClassBalance = z.infer<typeof ClassBalanceSchema>;

/** Bytes per element of each dtype a raw array file may hold (always little-endian). */
export const ARRAY_DTYPE_BYTES = { float64: 8, int32: 4, uint32: 4, uint16: 2, uint8: 1 } as const;
export const ArrayDtypeSchema = z.enum(Object.keys(ARRAY_DTYPE_BYTES) as [keyof typeof ARRAY_DTYPE_BYTES, ...Array<keyof typeof ARRAY_DTYPE_BYTES>]);
export type ArrayDtype = z.infer<typeof ArrayDtypeSchema>;

/** What a raw array file holds: its element type and its shape (row-major; the product is the element count). */
export const ArraySpecSchema = z.object({
  dtype: ArrayDtypeSchema,
  shape: z.array(z.number().int().min(0)).min(1).max(8),
});
export type ArraySpec = z.infer<typeof ArraySpecSchema>;

/** Bytes a raw array file of this spec has: dtype size × the product of the shape. */
export function arraySpecBytes(spec: ArraySpec): number {
  return spec.shape.reduce((product, size) => product * size, ARRAY_DTYPE_BYTES[spec.dtype]);
}

/**
 * One file of a version. Model files format 2 store each engine array as a raw little-endian file,
 * listed with its dtype and shape (so its size must be dtype × shape); model.json and format-1
 * artifacts have neither.
 */
export const ArtifactSchema = z
  .object({
    file: z.string().regex(/^[A-Za-z0-9][A-Za-z0-9._-]*$/),
    bytes: z.number().int().min(0),
    sha256: z.string().regex(/^[0-9a-f]{64}$/),
    dtype: ArrayDtypeSchema.optional(),
    shape: ArraySpecSchema.shape.shape.optional(),
  })
  .superRefine((artifact, ctx) => {
    if ((artifact.dtype === undefined) !== (artifact.shape === undefined)) {
      ctx.addIssue({ code: 'custom', path: [artifact.dtype === undefined ? 'dtype' : 'shape'], message: 'dtype and shape go together' });
    } else if (artifact.dtype !== undefined && artifact.shape !== undefined) {
      const expected = arraySpecBytes({ dtype: artifact.dtype, shape: artifact.shape });
      if (artifact.bytes !== expected) {
        ctx.addIssue({ code: 'custom', path: ['bytes'], message: `is ${artifact.bytes}, but ${artifact.dtype} of shape [${artifact.shape.join(', ')}] takes ${expected}` });
      }
    }
  });
export type Artifact = z.infer<typeof ArtifactSchema>;

/**
 * metadata.json, stored beside a version's artifacts (as MLflow's MLmodel): what the model is,
 * what it needs as input (the signature), how it was trained and how well it did.
 */
export const ModelMetadataSchema = z.object({
  format_version: z.literal(1),
  model_name: ModelNameSchema,
  version: z.number().int().min(1),
  model_type: ModelTypeSchema,
  task: TaskSchema,
  engine: EngineSchema,
  params: z.object({
    given: z.record(z.string(), z.unknown()),
    applied: z.record(z.string(), z.unknown()),
    engine_options: z.record(z.string(), z.unknown()),
    /** The preprocessing form field as given and as applied; absent in versions trained before it existed (today's defaults). */
    preprocessing: PreprocessingRecordSchema.optional(),
  }),
  signature: z.object({
    target_column: z.string(),
    features: z.array(FeatureSpecSchema),
    columns_dropped: z.array(z.string()),
    class_labels: z.array(ClassLabelSchema).nullable(),
    /** Per input column: type, required, categories, range (GET …/schema); null for versions trained before it existed. */
    input_schema: InputSchemaSchema.nullable().default(null),
    /** A few training rows as records, shown as the JSON predict example; null for versions trained before it existed. */
    input_example: InputExampleSchema.nullable().default(null),
  }),
  metrics: MetricsSchema,
  /**
   * 'rejected' when the version fell below a min_metrics threshold given at training: it is stored
   * (and can be asked for by number) but never served by default. Files written before this field
   * existed read as 'ready'.
   */
  status: z.enum(['ready', 'rejected']).default('ready'),
  rejection_reasons: z.array(z.string()).default([]),
  /** The min_metrics thresholds given at training (rmse, mae, log_loss are maximums). */
  min_metrics: z.record(z.string(), z.number()).default({}),
  // The fields below were added after format 1 was first written; older files read with these defaults.
  evaluation: EvaluationSchema.default({}),
  feature_importance: FeatureImportanceSchema.nullable().default(null),
  data_report: DataReportSchema.nullable().default(null),
  /** Classifiers; null for regression. */
  class_balance: ClassBalanceSchema.nullable().default(null),
  /** What POST /monitoring/drift compares uploads with; null for versions trained before it existed (retrain them). */
  drift_reference: DriftReferenceSchema.nullable().default(null),
  split: z.object({
    test_size: z.number(),
    n_train: z.number().int(),
    n_test: z.number().int(),
    stratified: z.boolean(),
    /** The seed of the split, the resampling and the model (given, or drawn and recorded). */
    random_state: z.number().int().optional(),
  }),
  dataset: z.object({
    sha256: z.string(),
    bytes: z.number().int(),
    n_rows: z.number().int(),
    n_columns: z.number().int(),
    /** What the upload was (type, compression, a CSV's dialect); versions trained before issue 15 have none. */
    format: DatasetFormatSchema.optional(),
  }),
  created_at: z.string().datetime(),
  training_ms: z.number().min(0),
  package_versions: z.record(z.string(), z.string()),
  artifacts: z.array(ArtifactSchema),
  /** Set on a version created by POST /models/{name}/import: where the exported version came from. */
  imported_from: z
    .object({ model_name: ModelNameSchema, version: z.number().int().min(1), created_at: z.string().datetime(), exported_at: z.string().datetime() })
    .optional(),
});
export type ModelMetadata = z.infer<typeof ModelMetadataSchema>;

/** What a training produces before the store gives it a version number. */
export type ModelMetadataDraft = Omit<z.input<typeof ModelMetadataSchema>, 'version' | 'artifacts' | 'created_at'>;
