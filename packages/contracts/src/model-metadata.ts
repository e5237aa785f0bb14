import { EngineSchema, ModelTypeSchema } from './model-params.js';
import { ModelNameSchema } from './names.js';
import { z } from './z.js';

export const TaskSchema = z.enum(['classification', 'regression']);
export type Task = z.infer<typeof TaskSchema>;

export const FeatureTypeSchema = z.enum(['numeric', 'categorical']);
export const FeatureSpecSchema = z.object({ name: z.string(), type: FeatureTypeSchema });
export type FeatureSpec = z.infer<typeof FeatureSpecSchema>;

export const ClassLabelSchema = z.union([z.string(), z.number()]);
export type ClassLabel = z.infer<typeof ClassLabelSchema>;

export const MetricsSchema = z.record(z.string(), z.number()).openapi({ example: { accuracy: 0.967 } });
export type Metrics = z.infer<typeof MetricsSchema>;

export const ArtifactSchema = z.object({
  file: z.string().regex(/^[A-Za-z0-9][A-Za-z0-9._-]*$/),
  bytes: z.number().int().min(0),
  sha256: z.string().regex(/^[0-9a-f]{64}$/),
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
  }),
  signature: z.object({
    target_column: z.string(),
    features: z.array(FeatureSpecSchema),
    columns_dropped: z.array(z.string()),
    class_labels: z.array(ClassLabelSchema).nullable(),
  }),
  metrics: MetricsSchema,
  /**
   * 'rejected' when the version fell below a min_metrics threshold given at training: it is stored
   * (and can be asked for by number) but never served by default. Files written before this field
   * existed read as 'ready'.
   */
  status: z.enum(['ready', 'rejected']).default('ready'),
  rejection_reasons: z.array(z.string()).default([]),
  split: z.object({ test_size: z.number(), n_train: z.number().int(), n_test: z.number().int(), stratified: z.boolean() }),
  dataset: z.object({ sha256: z.string(), bytes: z.number().int(), n_rows: z.number().int(), n_columns: z.number().int() }),
  created_at: z.string().datetime(),
  training_ms: z.number().min(0),
  package_versions: z.record(z.string(), z.string()),
  artifacts: z.array(ArtifactSchema),
});
export type ModelMetadata = z.infer<typeof ModelMetadataSchema>;

/** What a training produces before the store gives it a version number. */
export type ModelMetadataDraft = Omit<z.input<typeof ModelMetadataSchema>, 'version' | 'artifacts' | 'created_at'>;
