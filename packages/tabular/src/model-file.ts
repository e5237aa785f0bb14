import { ClassLabelSchema, ModelTypeSchema, TaskSchema, z } from '@tabula/contracts';
import { EstimatorStateSchema } from './estimators/estimator.js';
import { PreprocessorStateSchema, expandFeatureNames } from './preprocessing/preprocessor-state.js';

/** The one artifact a tabular model writes. */
export const MODEL_FILE_NAME = 'model.json';
export const MODEL_FORMAT_VERSION = 1;

/**
 * model.json: everything prediction needs, with nothing refitted: the preprocessing, the class
 * labels in index order, and the estimator's state. Checked for consistency when loaded.
 */
export const ModelFileSchema = z
  .object({
    format_version: z.literal(MODEL_FORMAT_VERSION),
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
    const nFeatures = expandFeatureNames(file.preprocessor).length;
    if (file.estimator.nFeatures !== nFeatures) {
      ctx.addIssue({ code: 'custom', path: ['estimator', 'nFeatures'], message: `is ${file.estimator.nFeatures}, but the preprocessing makes ${nFeatures}` });
    }
  });
export type ModelFile = z.infer<typeof ModelFileSchema>;
