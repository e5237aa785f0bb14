import { BooleanFieldSchema, ColumnListSchema, JsonObjectFieldSchema, blankToUndefined, blankable } from './form-fields.js';
import { describeValidMetrics, metricNamesFor } from './metric-names.js';
import { ClassBalanceMethodSchema } from './model-metadata.js';
import { ModelTypeSchema, isClassifier } from './model-params.js';
import { ModelNameSchema, VersionRefSchema } from './names.js';
import { z } from './z.js';

const wholeNumber = (what: string) => z.coerce.number({ message: `must be ${what}` }).int({ message: `must be ${what}` });
const FoldCountSchema = wholeNumber('a whole number of folds from 2 to 20')
  .min(2, { message: 'must be at least 2 folds' })
  .max(20, { message: 'must be at most 20 folds' });
const SeedSchema = wholeNumber('a whole number').min(0, { message: 'must be at least 0' }).max(2 ** 32 - 1, { message: 'must be below 2^32' });

/** min_metrics: a JSON object of metric name → threshold, e.g. {"roc_auc": 0.9, "rmse": 4}. */
const MinMetricsFieldSchema = JsonObjectFieldSchema.pipe(
  z.record(z.string(), z.number({ message: 'must be a number, e.g. {"roc_auc": 0.9}' })),
).openapi({ type: 'string', example: '{"f1_macro": 0.7}' });

/**
 * The text fields of a multipart POST /train (the file arrives as `dataset_file`). Checks that need
 * two fields (a min_metrics name against the model type) run here too, so a bad request is refused
 * before its upload is queued or read.
 */
export const TrainFormSchema = z
  .object({
    target_column: z.preprocess(
      blankToUndefined,
      z.string({ message: 'is required: name the column to predict, e.g. target_column=variety' }),
    ),
    model_type: blankable(ModelTypeSchema.default('RandomForestClassifier')),
    model_params: JsonObjectFieldSchema,
    columns_to_drop: ColumnListSchema,
    model_name: blankable(ModelNameSchema.default('default')),
    test_size: blankable(
      z.coerce.number({ message: 'must be a number' }).gt(0, { message: 'must be above 0' }).lt(1, { message: 'must be below 1' }).default(0.2),
    ),
    /** k-fold cross-validation on the training split; not given means none. */
    cv: blankable(FoldCountSchema.optional()),
    /** Seeds the split, the resampling and the model; not given means model_params.random_state, else a drawn seed. */
    random_state: blankable(SeedSchema.optional()),
    class_balance: blankable(ClassBalanceMethodSchema.default('none')),
    min_metrics: MinMetricsFieldSchema,
  })
  .superRefine((form, ctx) => {
    if (form.class_balance !== 'none' && !isClassifier(form.model_type)) {
      ctx.addIssue({ code: 'custom', path: ['class_balance'], message: `applies to classifiers only; use class_balance=none with ${form.model_type}` });
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
  model_name: blankable(ModelNameSchema.default('default')),
  // Not given means the default rule (the production alias, else the newest servable version), not "latest".
  model_version: blankable(VersionRefSchema.optional()),
  return_proba: blankable(BooleanFieldSchema.default(false)),
});
export type PredictForm = z.infer<typeof PredictFormSchema>;

export const ModelPathParamsSchema = z.object({ name: ModelNameSchema });
