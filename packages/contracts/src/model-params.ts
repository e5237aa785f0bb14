import { issuesToDetails } from './errors/issues-to-details.js';
import { invalidModelParams } from './errors/model-errors.js';
import { z } from './z.js';

export const MODEL_TYPES = ['RandomForestClassifier', 'RandomForestRegressor', 'LogisticRegression'] as const;
export const ModelTypeSchema = z.enum(MODEL_TYPES, {
  message: `must be one of ${MODEL_TYPES.join(', ')}`,
});
export type ModelType = z.infer<typeof ModelTypeSchema>;

/**
 * Which implementation trains the model: `tabula` is @tabula/engines (the default), `mljs` the ml.js
 * library family.
 */
export const ENGINES = ['tabula', 'mljs'] as const;
export const EngineSchema = z.enum(ENGINES, { message: `must be one of ${ENGINES.join(', ')}` });
export type Engine = z.infer<typeof EngineSchema>;

const randomState = z.number().int().min(0).max(2 ** 32 - 1).nullable().default(null);
const positiveInt = z.number().int().min(1);

/**
 * sklearn's max_features: "sqrt", "log2", null (all features), a fraction in (0, 1], or a whole
 * number of features above 1. JSON cannot tell 1 from 1.0, so 1 means "all features".
 */
const maxFeatures = z.union([z.enum(['sqrt', 'log2']), z.number().gt(0).max(1), z.number().int().gt(1), z.null()], {
  message: 'must be "sqrt", "log2", null, a fraction in (0, 1] or a whole number of features',
});

const forestParams = {
  n_estimators: positiveInt.max(2000).default(100),
  max_depth: positiveInt.max(64).nullable().default(null),
  min_samples_split: z.number().int().min(2).default(2),
  min_samples_leaf: positiveInt.default(1),
  bootstrap: z.boolean().default(true),
  random_state: randomState,
  n_jobs: z.number().int().nullable().default(null),
  engine: EngineSchema.default('tabula'),
};

export const RandomForestClassifierParamsSchema = z
  .object({
    ...forestParams,
    max_features: maxFeatures.default('sqrt'),
    criterion: z.enum(['gini', 'entropy']).default('gini'),
  })
  .strict();
export type RandomForestClassifierParams = z.infer<typeof RandomForestClassifierParamsSchema>;

export const RandomForestRegressorParamsSchema = z
  .object({
    ...forestParams,
    max_features: maxFeatures.default(1),
    criterion: z.enum(['squared_error']).default('squared_error'),
  })
  .strict();
export type RandomForestRegressorParams = z.infer<typeof RandomForestRegressorParamsSchema>;

export const LogisticRegressionParamsSchema = z
  .object({
    C: z.number().gt(0).default(1),
    max_iter: positiveInt.max(100_000).default(100),
    tol: z.number().gt(0).default(1e-4),
    fit_intercept: z.boolean().default(true),
    penalty: z.enum(['l2']).nullable().default('l2'),
    random_state: randomState,
    engine: EngineSchema.default('tabula'),
  })
  .strict();
export type LogisticRegressionParams = z.infer<typeof LogisticRegressionParamsSchema>;

export const MODEL_PARAMS_SCHEMAS = {
  RandomForestClassifier: RandomForestClassifierParamsSchema,
  RandomForestRegressor: RandomForestRegressorParamsSchema,
  LogisticRegression: LogisticRegressionParamsSchema,
} as const;

export type ModelParams<T extends ModelType = ModelType> = z.infer<(typeof MODEL_PARAMS_SCHEMAS)[T]>;

/** A model type together with its fully defaulted parameters. */
export type ModelSpec =
  | { modelType: 'RandomForestClassifier'; params: RandomForestClassifierParams }
  | { modelType: 'RandomForestRegressor'; params: RandomForestRegressorParams }
  | { modelType: 'LogisticRegression'; params: LogisticRegressionParams };

export function isClassifier(modelType: ModelType): boolean {
  return modelType !== 'RandomForestRegressor';
}

/**
 * Validates `model_params` for a model type, in scikit-learn's names, and fills in the defaults.
 * Throws INVALID_PARAMS naming every bad key and listing the valid ones.
 */
export function parseModelParams(modelType: ModelType, given: Record<string, unknown>): ModelSpec {
  const schema = MODEL_PARAMS_SCHEMAS[modelType];
  const result = schema.safeParse(given);
  if (result.success) return { modelType, params: result.data } as ModelSpec;
  const validKeys = Object.keys(schema.shape);
  const details = issuesToDetails(result.error.issues, { prefix: 'model_params', unknownKeyMessage: `unknown parameter for ${modelType}` });
  throw invalidModelParams(modelType, details, validKeys);
}
