import {
  ClassBalanceSchema,
  ClassLabelSchema,
  DataReportSchema,
  EvaluationSchema,
  FeatureImportanceSchema,
  FeatureSpecSchema,
  MetricsSchema,
  ModelMetadataSchema,
} from './model-metadata.js';
import { ForestSizeBoundSchema } from './forest-size-bound.js';
import { SchemaWarningSchema } from './input-schema.js';
import { EngineSchema, ModelTypeSchema } from './model-params.js';
import { z } from './z.js';

export const ErrorBodySchema = z
  .object({
    error: z.object({
      code: z.string().openapi({ example: 'MISSING_COLUMN' }),
      message: z.string(),
      hint: z.string().optional(),
      details: z.array(z.object({ path: z.string(), message: z.string() })).optional(),
    }),
    request_id: z.string().optional(),
  })
  .openapi('Error');
export type ErrorBody = z.infer<typeof ErrorBodySchema>;

export const TrainResponseSchema = z
  .object({
    model_name: z.string(),
    version: z.number().int(),
    model_type: ModelTypeSchema,
    engine: EngineSchema,
    metrics: MetricsSchema,
    features: z.array(z.string()),
    feature_types: z.array(FeatureSpecSchema),
    target_column: z.string(),
    class_labels: z.array(ClassLabelSchema).nullable(),
    n_rows: z.number().int(),
    n_train: z.number().int(),
    n_test: z.number().int(),
    /** 'rejected' when a min_metrics threshold was missed: stored, but never served by default. */
    status: ModelMetadataSchema.shape.status.unwrap(),
    rejection_reasons: z.array(z.string()),
    /** The seed used; send it back as random_state to repeat this training exactly. */
    random_state: z.number().int().nullable(),
    evaluation: EvaluationSchema,
    feature_importance: FeatureImportanceSchema.nullable(),
    data_report: DataReportSchema.nullable(),
    class_balance: ClassBalanceSchema.nullable(),
    training_ms: z.number(),
    created_at: z.string(),
    /** Present when the streaming path raised min_samples_leaf to keep a large file's forest within its memory budget. */
    forest_size_bound: ForestSizeBoundSchema.optional(),
  })
  .openapi('TrainResponse');
export type TrainResponse = z.infer<typeof TrainResponseSchema>;

export const PredictionSchema = z.union([z.string(), z.number()]);
export const ProbabilitiesSchema = z.record(z.string(), z.number()).openapi({ example: { Setosa: 0.98, Versicolor: 0.02, Virginica: 0 } });

export const PredictResponseSchema = z
  .object({
    predictions: z.array(PredictionSchema),
    probabilities: z.array(ProbabilitiesSchema).optional(),
    model_name: z.string(),
    model_version: z.number().int(),
    /** schema_enforcement=warn: what the input-schema check found (absent when nothing, and always with strict). */
    warnings: z.array(SchemaWarningSchema).optional(),
  })
  .openapi('PredictResponse');
export type PredictResponse = z.infer<typeof PredictResponseSchema>;

/** JSON POST /predict with one bare record answers one prediction. */
export const PredictOneResponseSchema = z
  .object({
    prediction: PredictionSchema,
    probabilities: ProbabilitiesSchema.optional(),
    model_name: z.string(),
    model_version: z.number().int(),
    /** schema_enforcement=warn: what the input-schema check found (absent when nothing, and always with strict). */
    warnings: z.array(SchemaWarningSchema).optional(),
  })
  .openapi('PredictOneResponse');
export type PredictOneResponse = z.infer<typeof PredictOneResponseSchema>;

export const VersionSummarySchema = z
  .object({
    version: z.number().int(),
    model_type: ModelTypeSchema,
    engine: EngineSchema,
    created_at: z.string(),
    metrics: MetricsSchema,
    /** 'rejected' versions are served only when asked for by number or through an alias. */
    status: ModelMetadataSchema.shape.status.unwrap(),
    n_rows: z.number().int(),
    target_column: z.string(),
    features: z.array(z.string()),
  })
  .openapi('VersionSummary');
export type VersionSummary = z.infer<typeof VersionSummarySchema>;

export const VersionListSchema = z
  .object({ model_name: z.string(), versions: z.array(VersionSummarySchema) })
  .openapi('VersionList');
export type VersionList = z.infer<typeof VersionListSchema>;

export const ModelSummarySchema = z
  .object({
    model_name: z.string(),
    latest_version: z.number().int(),
    n_versions: z.number().int(),
    model_type: ModelTypeSchema,
    updated_at: z.string(),
  })
  .openapi('ModelSummary');
export type ModelSummary = z.infer<typeof ModelSummarySchema>;

export const ModelListSchema = z.object({ models: z.array(ModelSummarySchema) }).openapi('ModelList');
export type ModelList = z.infer<typeof ModelListSchema>;

export const HealthSchema = z
  .object({ status: z.literal('ok'), service: z.string(), uptime_s: z.number() })
  .openapi('Health');
export type Health = z.infer<typeof HealthSchema>;

export const ReadinessSchema = z
  .object({
    ready: z.boolean(),
    service: z.string(),
    checks: z.record(
      z.string(),
      z.object({
        ok: z.boolean(),
        message: z.string().optional(),
        url: z.string().optional().openapi({ description: "The upstream's internal address; shown to admin API keys only." }),
      }),
    ),
  })
  .openapi('Readiness');
export type Readiness = z.infer<typeof ReadinessSchema>;
