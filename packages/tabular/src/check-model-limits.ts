import { modelLimitExceeded, type ModelLimits, type ModelMetadata } from '@tabula/contracts';

/**
 * Checks a version's metadata against the model caps before any artifact is read: its input
 * columns (each becomes at least one model input, so more columns than MAX_FEATURES is already too
 * many) and its class labels. Categories are not in the metadata; checkModelFileLimits counts them.
 *
 * @param model whose model it is in messages, e.g. 'model "iris" version 3'.
 * @throws PAYLOAD_TOO_LARGE naming the count, the cap and its setting.
 */
export function checkSignatureLimits(signature: Pick<ModelMetadata['signature'], 'features' | 'class_labels'>, limits: ModelLimits, model: string): void {
  const subject = capitalize(model);
  if (signature.features.length > limits.maxFeatures) {
    throw modelLimitExceeded('features', signature.features.length, limits.maxFeatures, subject);
  }
  const nClasses = signature.class_labels?.length ?? 0;
  if (nClasses > limits.maxClasses) throw modelLimitExceeded('classes', nClasses, limits.maxClasses, subject);
}

/**
 * Checks a parsed model.json against the caps before its schema is checked and its estimator
 * decoded: categories per column, inputs after one-hot encoding, classes. Decoding is where a
 * model's memory goes (a forest's walk tables take 2 KB per input, and every request's matrix 8
 * bytes per input and row), so a model past a cap is refused while it is still a parsed JSON text.
 * Fields of the wrong shape are left to the schema.
 */
export function checkModelFileLimits(json: unknown, limits: ModelLimits, model: string): void {
  const subject = capitalize(model);
  const file = asRecord(json);
  const columns = asRecord(file.preprocessor).columns;
  if (Array.isArray(columns)) {
    let nInputs = 0;
    for (const column of columns) {
      const { name, categories, encoding, other, parts } = asRecord(column);
      const nCategories = Array.isArray(categories) ? categories.length : 1;
      if (Array.isArray(categories) && nCategories > limits.maxCategories) {
        throw modelLimitExceeded('categories', nCategories, limits.maxCategories, `The column ${JSON.stringify(String(name))} of ${model}`);
      }
      // A coded column (ordinal, native) is one input; "other" adds one; a date is one input per part.
      nInputs += Array.isArray(parts) ? parts.length : encoding !== undefined ? 1 : nCategories + (other === true ? 1 : 0);
    }
    if (nInputs > limits.maxFeatures) throw modelLimitExceeded('features', nInputs, limits.maxFeatures, subject);
  }
  const classLabels = file.class_labels;
  if (Array.isArray(classLabels) && classLabels.length > limits.maxClasses) {
    throw modelLimitExceeded('classes', classLabels.length, limits.maxClasses, subject);
  }
}

const capitalize = (text: string): string => text.charAt(0).toUpperCase() + text.slice(1);

const asRecord = (value: unknown): Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Record<string, unknown>) : {};
