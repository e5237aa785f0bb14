import { invalidInput, type FeatureSpec, type ModelSpec, type PreprocessingRecord, type PreprocessingSpec } from '@tabula/contracts';

/**
 * The preprocessing as applied, for metadata.json: the options with their defaults filled, and in
 * column_types the type every feature column was read as (forced, detected or inferred).
 */
export function describeApplied(spec: PreprocessingSpec, features: FeatureSpec[]): PreprocessingRecord['applied'] {
  return { ...spec, column_types: Object.fromEntries(features.map((feature) => [feature.name, feature.type])) };
}

/**
 * categorical_encoding=native hands category codes with missing values kept as NaN to the estimator:
 * only the tabula forest splits on codes and sends NaN down a learned side. The form refuses it for
 * LogisticRegression before the upload is read; this also refuses the ml.js engine (INVALID_INPUT).
 */
export function assertEncodingSupported(spec: ModelSpec, encoding: PreprocessingSpec['categorical_encoding']): void {
  if (encoding !== 'native') return;
  if (spec.modelType === 'LogisticRegression' || spec.params.engine !== 'tabula') {
    const model = spec.modelType === 'LogisticRegression' ? 'LogisticRegression' : `${spec.modelType} with engine=${spec.params.engine}`;
    throw invalidInput(`categorical_encoding=native needs a forest of the tabula engine, not ${model}.`, {
      hint: 'Use "categorical_encoding": "ordinal" or "onehot", or train a RandomForestClassifier/RandomForestRegressor with the tabula engine.',
      details: [{ path: 'preprocessing.categorical_encoding', message: `native is not supported by ${model}` }],
    });
  }
}
