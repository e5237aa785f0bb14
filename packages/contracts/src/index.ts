export { z } from './z.js';
export {
  ERROR_CODES,
  ERROR_STATUS,
  TabulaError,
  isTabulaError,
  invalidInput,
  invalidCsv,
  missingColumns,
  modelNotFound,
  versionNotFound,
} from './errors.js';
export type { ErrorCode, ErrorDetail, TabulaErrorOptions } from './errors.js';
export { ModelNameSchema, VersionNumberSchema, VersionRefSchema } from './names.js';
export type { ModelName, VersionRef } from './names.js';
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
  TaskSchema,
  FeatureTypeSchema,
  FeatureSpecSchema,
  ClassLabelSchema,
  MetricsSchema,
  ArtifactSchema,
  ModelMetadataSchema,
} from './model-metadata.js';
export type { Task, FeatureSpec, ClassLabel, Metrics, Artifact, ModelMetadata, ModelMetadataDraft } from './model-metadata.js';
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
  TrainRequestSchema,
  PredictRequestSchema,
  registerTrainPath,
  registerPredictPath,
  registerPredictBatchPath,
  registerModelPaths,
  registerHealthPaths,
} from './api-paths.js';
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
