export { z } from './z.js';
// Every error constructor, listed once in errors/index.ts.
export * from './errors/index.js';
export { JSON_MAX_DEPTH, isJsonDeeperThan, parseJsonBounded } from './bounded-json.js';
export type { BoundedJsonOptions } from './bounded-json.js';
export { ModelLimitsEnvSchema, modelLimitsOf } from './model-limits.js';
export type { ModelLimits, ModelLimitsEnv, ModelLimitKind } from './model-limits.js';
export { CsvSizeEnvSchema, csvSizeLimitsOf } from './csv-limits.js';
export { DEFAULT_CSV_DIALECT } from './csv-dialect.js';
export type { CsvDialect, TextEncodingName } from './csv-dialect.js';
export { CsvDialectSchema, CsvOptionsFieldSchema, CsvDialectOptionsSchema, TEXT_ENCODINGS, TextEncodingNameSchema } from './csv-dialect.js';
export type { CsvDialectOptions } from './csv-dialect.js';
export type { CsvSizeEnv, CsvSizeLimits } from './csv-limits.js';
export {
  DatasetFormatSchema,
  FormatEnvSchema,
  InputFormatFieldsSchema,
  TABLE_COMPRESSIONS,
  TABLE_FORMAT_TYPES,
  TableCompressionSchema,
  TableFormatTypeSchema,
  formatLimitsOf,
} from './table-format.js';
export type { DatasetFormat, FormatEnv, FormatLimits, InputFormatFields, TableCompression, TableFormatType } from './table-format.js';
export { parseDatabaseUrl } from './database-url.js';
export type { DatabaseTarget } from './database-url.js';
export { AliasNameSchema, ModelNameSchema, VersionNumberSchema, VersionRefSchema } from './names.js';
export type { AliasName, ModelName, VersionRef } from './names.js';
export {
  AliasesFileSchema,
  VersionPathParamsSchema,
  VersionNumberPathParamsSchema,
  AliasPathParamsSchema,
  SetAliasBodySchema,
  AliasChangeSchema,
  VersionDeletedSchema,
  ModelDetailSchema,
  MODEL_EXPORT_FORMAT,
  MODEL_EXPORT_FORMAT_VERSION,
  ModelExportHeaderSchema,
} from './registry.js';
export type {
  AliasesFile,
  Aliases,
  SetAliasBody,
  AliasChange,
  VersionDeleted,
  ModelDetail,
  ModelExportHeader,
} from './registry.js';
export {
  MODEL_TYPES,
  ModelTypeSchema,
  ENGINES,
  EngineSchema,
  RandomForestClassifierParamsSchema,
  RandomForestRegressorParamsSchema,
  LogisticRegressionParamsSchema,
  MODEL_PARAMS_SCHEMAS,
  isClassifier,
  parseModelParams,
} from './model-params.js';
export type {
  ModelType,
  Engine,
  ModelParams,
  ModelSpec,
  RandomForestClassifierParams,
  RandomForestRegressorParams,
  LogisticRegressionParams,
} from './model-params.js';
export { BooleanFieldSchema, ColumnListSchema, JsonObjectFieldSchema, blankToUndefined } from './form-fields.js';
export { TrainFormSchema, PredictFormSchema, ModelPathParamsSchema } from './forms.js';
export type { TrainForm, PredictForm } from './forms.js';
export {
  CATEGORICAL_ENCODINGS,
  COLUMN_TYPES,
  NUMERIC_IMPUTATIONS,
  PREPROCESSING_KEYS,
  PreprocessingRecordSchema,
  PreprocessingSpecSchema,
  SCALINGS,
} from './preprocessing-spec.js';
export type { ColumnType, PreprocessingRecord, PreprocessingSpec } from './preprocessing-spec.js';
export {
  TaskSchema,
  FeatureTypeSchema,
  FeatureSpecSchema,
  ClassLabelSchema,
  MetricsSchema,
  ClassCountsSchema,
  PerClassMetricsSchema,
  ConfusionMatrixSchema,
  MetricSummarySchema,
  CrossValidationSchema,
  EvaluationSchema,
  FeatureImportanceSchema,
  ColumnReportSchema,
  DataReportSchema,
  CLASS_BALANCE_METHODS,
  ClassBalanceMethodSchema,
  ClassBalanceSchema,
  ARRAY_DTYPE_BYTES,
  ArrayDtypeSchema,
  ArraySpecSchema,
  ArtifactSchema,
  arraySpecBytes,
  ModelMetadataSchema,
} from './model-metadata.js';
export type {
  Task,
  FeatureSpec,
  ClassLabel,
  Metrics,
  ClassCounts,
  PerClassMetrics,
  ConfusionMatrix,
  MetricSummary,
  CrossValidation,
  Evaluation,
  FeatureImportance,
  ColumnReport,
  DataReport,
  ClassBalanceMethod,
  ClassBalance,
  ArrayDtype,
  ArraySpec,
  Artifact,
  ModelMetadata,
  ModelMetadataDraft,
} from './model-metadata.js';
export {
  CLASSIFICATION_METRICS,
  REGRESSION_METRICS,
  LOWER_IS_BETTER_METRICS,
  metricNamesFor,
} from './metric-names.js';
export type { MetricName } from './metric-names.js';
export { ForestSizeBoundSchema } from './forest-size-bound.js';
export type { ForestSizeBound } from './forest-size-bound.js';
export {
  ErrorBodySchema,
  TrainResponseSchema,
  PredictionSchema,
  ProbabilitiesSchema,
  PredictResponseSchema,
  PredictOneResponseSchema,
  VersionSummarySchema,
  VersionListSchema,
  ModelSummarySchema,
  ModelListSchema,
  HealthSchema,
  ReadinessSchema,
} from './responses.js';
export type {
  ErrorBody,
  TrainResponse,
  PredictResponse,
  PredictOneResponse,
  VersionSummary,
  VersionList,
  ModelSummary,
  ModelList,
  Health,
  Readiness,
} from './responses.js';
export {
  TrainModeSchema,
  JOB_STATUSES,
  JobStatusSchema,
  TRAINING_STAGES,
  TrainingStageSchema,
  TrainingProgressSchema,
  JobSchema,
  JobSummarySchema,
  JobListSchema,
  JobAcceptedSchema,
  JOB_LIST_MAX,
  JobListQuerySchema,
  JobPathParamsSchema,
} from './jobs.js';
export type { TrainMode, JobStatus, TrainingStage, TrainingProgress, Job, JobSummary, JobList, JobAccepted, JobListQuery } from './jobs.js';
export {
  TrainRequestSchema,
  PredictRequestSchema,
  registerTrainPath,
  registerJobPaths,
  registerPredictPath,
  registerPredictBatchPath,
  registerModelPaths,
  registerRegistryWritePaths,
  registerHealthPaths,
} from './api-paths.js';
export { API_TAGS, oneTag } from './api-tags.js';
export type { ApiTag } from './api-tags.js';
export {
  PREDICT_JSON_FORMATS,
  MLFLOW_BODY_KEYS,
  MLFLOW_BODY_SCHEMAS,
  JsonRecordSchema,
  JsonRecordListSchema,
  DataframeSplitBodySchema,
  DataframeRecordsBodySchema,
  InstancesBodySchema,
  PredictJsonBodySchema,
  PredictBatchBodySchema,
  PredictQuerySchema,
  PREDICT_OUTPUT_FORMATS,
  PredictOutputFormatSchema,
  PredictFormatQuerySchema,
} from './predict-json.js';
export type { MlflowBodyKey, JsonRecord, DataframeSplitBody, PredictQuery, PredictOutputFormat } from './predict-json.js';
export {
  INPUT_COLUMN_TYPES,
  INPUT_EXAMPLE_ROWS,
  InputColumnSchema,
  InputColumnTypeSchema,
  InputExampleSchema,
  InputSchemaSchema,
  MAX_SCHEMA_CATEGORIES,
  SCHEMA_ENFORCEMENTS,
  SCHEMA_RULES,
  SchemaEnforcementSchema,
  SchemaWarningSchema,
} from './input-schema.js';
export type { InputColumn, InputColumnType, InputExample, InputSchema, SchemaEnforcement, SchemaRule, SchemaWarning } from './input-schema.js';
export { ModelSchemaResponseSchema } from './model-schema-response.js';
export type { ModelSchemaResponse } from './model-schema-response.js';
export { DriftReferenceSchema, NumericReferenceSchema, CategoricalReferenceSchema, ScoreKindSchema, OTHER_CATEGORY } from './drift-reference.js';
export type { DriftReference, NumericReference, CategoricalReference } from './drift-reference.js';
export {
  DEFAULT_PSI_WARN,
  DEFAULT_PSI_DRIFT,
  PerformanceFormSchema,
  DriftFormSchema,
  MonitoringQuerySchema,
  MONITORING_KINDS,
  MonitoringKindSchema,
  DriftStatusSchema,
  FeatureDriftSchema,
  DriftReportSchema,
  PerformanceReportSchema,
  MonitoringReportSchema,
  MonitoringReportListSchema,
} from './monitoring.js';
export type {
  PerformanceForm,
  DriftForm,
  MonitoringQuery,
  MonitoringKind,
  DriftStatus,
  FeatureDrift,
  DriftReport,
  PerformanceReport,
  MonitoringReport,
  MonitoringReportList,
} from './monitoring.js';
export { registerMonitoringPaths } from './monitoring-paths.js';
