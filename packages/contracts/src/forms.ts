import { CsvOptionsFieldSchema } from './csv-dialect.js';
import { BooleanFieldSchema, ColumnListSchema, JsonObjectFieldSchema, blankToUndefined, blankable, jsonObjectField, notPrefilled } from './form-fields.js';
import { describeValidMetrics, metricNamesFor } from './metric-names.js';
import { SchemaEnforcementSchema } from './input-schema.js';
import { ClassBalanceMethodSchema } from './model-metadata.js';
import { ModelTypeSchema, isClassifier } from './model-params.js';
import { ModelNameSchema, VersionRefSchema } from './names.js';
import { PreprocessingSpecSchema } from './preprocessing-spec.js';
import { InputFormatFieldsSchema } from './table-format.js';
import { z } from './z.js';

const wholeNumber = (what: string) => z.coerce.number({ message: `must be ${what}` }).int({ message: `must be ${what}` });
const FoldCountSchema = wholeNumber('a whole number of folds from 2 to 20')
  .min(2, { message: 'must be at least 2 folds' })
  .max(20, { message: 'must be at most 20 folds' });
const SeedSchema = wholeNumber('a whole number').min(0, { message: 'must be at least 0' }).max(2 ** 32 - 1, { message: 'must be below 2^32' });

/** min_metrics: a JSON object of metric name → threshold, e.g. {"roc_auc": 0.9, "rmse": 4}. */
const MinMetricsFieldSchema = jsonObjectField('{"roc_auc": 0.9}').pipe(
  z.record(z.string(), z.number({ message: 'must be a number, e.g. {"roc_auc": 0.9}' })),
).openapi({
  type: 'string',
  ...notPrefilled(
    'Quality gates, as a JSON object of metric name to threshold, e.g. {"f1_macro": 0.7}: a version that misses one is stored ' +
      'as rejected and not served by default. Thresholds on rmse, mae and log_loss are maximums, on other metrics minimums; empty: none',
  ),
});

// The descriptions and examples below are what /docs shows; the examples work on a fresh install
// with samples/iris.csv, because Swagger UI's "Try it out" pre-fills them and sends them as they are.

/** Docs of a model_name field or parameter: "default" is the model a fresh install trains first. */
export const modelNameDocs = (description: string) => ({ example: 'default', description });
/** Docs of a model_version field or parameter, left empty: any example would change which version serves. */
export const MODEL_VERSION_DOCS = notPrefilled(
  'A version number, "latest", or an alias such as production; empty: the production alias when set, else the newest version that is not rejected',
);
const modelNameField = (description: string) => blankable(ModelNameSchema.default('default')).openapi(modelNameDocs(description));

function checkPreprocessing(given: Record<string, unknown>, ctx: z.RefinementCtx): void {
  const parsed = PreprocessingSpecSchema.safeParse(given);
  if (!parsed.success) for (const issue of parsed.error.issues) ctx.addIssue({ code: 'custom', path: issue.path, message: issue.message });
}

/**
 * The text fields of a multipart POST /train (the file arrives as `dataset_file`). Checks that need
 * two fields (a min_metrics name against the model type) run here too, so a bad request is refused
 * before its upload is queued or read.
 */
export const TrainFormSchema = z
  .object({
    target_column: z
      .preprocess(blankToUndefined, z.string({ message: 'is required: name the column to predict, e.g. target_column=variety' }))
      .openapi({ example: 'variety', description: 'The column to predict, e.g. variety in samples/iris.csv' }),
    model_type: blankable(ModelTypeSchema.default('RandomForestClassifier')).openapi({
      description: 'RandomForestClassifier, RandomForestRegressor (a numeric target) or LogisticRegression',
    }),
    model_params: JsonObjectFieldSchema.openapi(
      notPrefilled('Model parameters as a JSON object with scikit-learn names, e.g. {"n_estimators": 100, "max_depth": 8}; empty: the defaults'),
    ),
    // Kept as given (metadata records it so), checked here against PreprocessingSpecSchema so a bad key is refused before the upload is read.
    preprocessing: blankable(jsonObjectField('{"scaling": "standard"}').superRefine(checkPreprocessing).optional()).openapi({
      type: 'string',
      ...notPrefilled(
        'How the feature columns are prepared, as a JSON object, e.g. {"numeric_imputation": "mean", "scaling": "standard", ' +
          '"categorical_encoding": "ordinal", "max_categories": 20, "detect_datetime": true, "column_types": {"zip": "categorical"}}; ' +
          'keys: numeric_imputation (median|mean|constant, with fill_value), scaling (none|standard|minmax|robust), ' +
          'categorical_encoding (onehot|ordinal|native: forests of the tabula engine), max_categories, detect_datetime, ' +
          'column_types (numeric|categorical|datetime per column); empty: median imputation, one-hot, no scaling (docs/preprocessing.md)',
      ),
    }),
    columns_to_drop: ColumnListSchema,
    model_name: modelNameField('The model to store the new version under: letters, digits, ".", "_", "-"'),
    test_size: blankable(
      z.coerce.number({ message: 'must be a number' }).gt(0, { message: 'must be above 0' }).lt(1, { message: 'must be below 1' }).default(0.2),
    ).openapi({ description: 'The fraction of rows held out for the metrics, above 0 and below 1 (stratified for classifiers)' }),
    /** k-fold cross-validation on the training split; not given means none. */
    cv: blankable(FoldCountSchema.optional()).openapi(
      notPrefilled('Folds of a k-fold cross-validation on the training split, 2 to 20, e.g. 5 (mean ± std per metric); empty: none'),
    ),
    /** Seeds the split, the resampling and the model; not given means model_params.random_state, else a drawn seed. */
    random_state: blankable(SeedSchema.optional()).openapi(
      notPrefilled('Seed of the split, the class-balance sampling and the model, 0 to 2³² − 1, e.g. 42; empty: model_params.random_state, else a drawn seed (returned in the answer)'),
    ),
    class_balance: blankable(ClassBalanceMethodSchema.default('none')).openapi({
      description: 'none, undersample, oversample or weights (classifiers only), applied to the training split only',
    }),
    min_metrics: MinMetricsFieldSchema,
    input_format: InputFormatFieldsSchema.shape.input_format,
    csv_options: CsvOptionsFieldSchema,
  })
  .superRefine((form, ctx) => {
    if (form.class_balance !== 'none' && !isClassifier(form.model_type)) {
      ctx.addIssue({ code: 'custom', path: ['class_balance'], message: `applies to classifiers only; use class_balance=none with ${form.model_type}` });
    }
    if (form.preprocessing?.categorical_encoding === 'native' && form.model_type === 'LogisticRegression') {
      ctx.addIssue({
        code: 'custom',
        path: ['preprocessing', 'categorical_encoding'],
        message: 'native applies to forests only (they split on category codes); use onehot or ordinal with LogisticRegression',
      });
    }
    const valid: readonly string[] = metricNamesFor(form.model_type);
    for (const name of Object.keys(form.min_metrics)) {
      if (!valid.includes(name)) {
        ctx.addIssue({ code: 'custom', path: ['min_metrics', name], message: `is not a metric of ${form.model_type}; ${describeValidMetrics(form.model_type)}` });
      }
    }
  });
export type TrainForm = z.infer<typeof TrainFormSchema>;

/** The text fields of a multipart POST /predict (the file arrives as `input_file`). */
export const PredictFormSchema = z.object({
  columns_to_drop: ColumnListSchema,
  model_name: modelNameField('The model to score with'),
  // Not given means the default rule (the production alias, else the newest servable version), not "latest".
  model_version: blankable(VersionRefSchema.optional()).openapi(MODEL_VERSION_DOCS),
  return_proba: blankable(BooleanFieldSchema.default(false)).openapi({ description: 'true adds each row\'s class probabilities (classifiers)' }),
  // Not given means strict; left undefined rather than defaulted, so a parsed form without it reads as before.
  schema_enforcement: blankable(SchemaEnforcementSchema.optional()).openapi(
    notPrefilled(
      'JSON records only: strict refuses a record that breaks the model\'s input schema (422 listing every offending field); ' +
        'warn scores it anyway and returns the findings in "warnings"; empty: strict. File uploads are not checked against the schema',
    ),
  ),
  input_format: InputFormatFieldsSchema.shape.input_format,
  csv_options: CsvOptionsFieldSchema,
});
export type PredictForm = z.infer<typeof PredictFormSchema>;

export const ModelPathParamsSchema = z.object({ name: ModelNameSchema });
