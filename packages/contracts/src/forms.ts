import { BooleanFieldSchema, ColumnListSchema, JsonObjectFieldSchema, blankToUndefined } from './form-fields.js';
import { ModelTypeSchema } from './model-params.js';
import { ModelNameSchema, VersionRefSchema } from './names.js';
import { z } from './z.js';

const optional = <T extends z.ZodType>(schema: T) => z.preprocess(blankToUndefined, schema);

/** The text fields of a multipart POST /train (the file arrives as `dataset_file`). */
export const TrainFormSchema = z.object({
  target_column: z.preprocess(
    blankToUndefined,
    z.string({ message: 'is required: name the column to predict, e.g. target_column=variety' }),
  ),
  model_type: optional(ModelTypeSchema.default('RandomForestClassifier')),
  model_params: JsonObjectFieldSchema,
  columns_to_drop: ColumnListSchema,
  model_name: optional(ModelNameSchema.default('default')),
  test_size: optional(
    z.coerce.number({ message: 'must be a number' }).gt(0, { message: 'must be above 0' }).lt(1, { message: 'must be below 1' }).default(0.2),
  ),
});
export type TrainForm = z.infer<typeof TrainFormSchema>;

/** The text fields of a multipart POST /predict (the file arrives as `input_file`). */
export const PredictFormSchema = z.object({
  columns_to_drop: ColumnListSchema,
  model_name: optional(ModelNameSchema.default('default')),
  model_version: optional(VersionRefSchema.default('latest')),
  return_proba: optional(BooleanFieldSchema.default(false)),
});
export type PredictForm = z.infer<typeof PredictFormSchema>;

export const ModelPathParamsSchema = z.object({ name: ModelNameSchema });
