import { ClassLabelSchema, ModelTypeSchema, TaskSchema, z, type ArraySpec } from '@tabula/contracts';
import { EstimatorStateSchema } from './estimators/estimator.js';
import { describeArrayFiles } from './estimators/tabula/tabula-codec.js';
import { PreprocessorStateSchema, expandFeatureNames } from './preprocessing/preprocessor-state.js';

/** The artifact every tabular model writes; in format 2 the engine's raw array files sit beside it. */
export const MODEL_FILE_NAME = 'model.json';
/**
 * The format new model files are written in. 1: the engine's arrays as base64 text inside
 * model.json. 2: each array a raw little-endian file beside it (listed in the estimator state and in
 * metadata.json with dtype and shape), so loading views file bytes instead of decoding text, and no
 * model is bounded by the longest string V8 can make. Both are read.
 */
export const MODEL_FORMAT_VERSION = 2;

/**
 * model.json: everything prediction needs, with nothing refitted: the preprocessing, the class
 * labels in index order, and the estimator's state. Checked for consistency when loaded.
 */
export const ModelFileSchema = z
  .object({
    format_version: z.union([z.literal(1), z.literal(MODEL_FORMAT_VERSION)]),
    model_type: ModelTypeSchema,
    task: TaskSchema,
    class_labels: z.array(ClassLabelSchema).min(2).nullable(),
    preprocessor: PreprocessorStateSchema,
    estimator: EstimatorStateSchema,
  })
  .superRefine((file, ctx) => {
    const nClasses = file.class_labels?.length ?? 0;
    if ((file.task === 'classification') !== (file.class_labels !== null)) {
      ctx.addIssue({ code: 'custom', path: ['class_labels'], message: `must be ${file.task === 'classification' ? 'a list' : 'null'} for ${file.task}` });
    }
    if (file.estimator.nClasses !== nClasses) {
      ctx.addIssue({ code: 'custom', path: ['estimator', 'nClasses'], message: `is ${file.estimator.nClasses}, but there are ${nClasses} class labels` });
    }
    file.preprocessor.columns.forEach((column, c) => {
      if (column.type === 'datetime' && column.fill.length !== column.parts.length) {
        ctx.addIssue({ code: 'custom', path: ['preprocessor', 'columns', c, 'fill'], message: `has ${column.fill.length} values for ${column.parts.length} date parts` });
      }
    });
    const nFeatures = expandFeatureNames(file.preprocessor).length;
    if (file.estimator.nFeatures !== nFeatures) {
      ctx.addIssue({ code: 'custom', path: ['estimator', 'nFeatures'], message: `is ${file.estimator.nFeatures}, but the preprocessing makes ${nFeatures}` });
    }
  });
export type ModelFile = z.infer<typeof ModelFileSchema>;

/**
 * The dtype and shape of each raw array file a model's files hold (format 2), by file name, for
 * metadata.json; {} for format 1, or an estimator without arrays. `files` are serialize()'s, or files
 * loadTabularModel has accepted.
 */
export function describeModelArrays(files: Record<string, Uint8Array>): Record<string, ArraySpec> {
  const bytes = files[MODEL_FILE_NAME];
  if (bytes === undefined) throw new TypeError(`${MODEL_FILE_NAME} is missing`);
  const estimator = EstimatorStateSchema.parse((JSON.parse(new TextDecoder().decode(bytes)) as { estimator?: unknown }).estimator);
  const arrays = estimator.kind === 'tabula-forest' ? estimator.forest : estimator.kind === 'tabula-logistic' ? estimator.model : undefined;
  return arrays === undefined || typeof arrays === 'string' ? {} : describeArrayFiles(arrays);
}
