import {
  parseModelParams,
  type ModelMetadata,
  type ModelMetadataDraft,
  type TrainForm,
  type TrainResponse,
} from '@tabula/contracts';
import type { ModelStore } from '@tabula/model-store';
import { parseCsvFile, trainTabularModel } from '@tabula/tabular';
import { packageVersions } from './package-versions.js';

export interface TrainModelInput {
  /** The uploaded CSV, spooled to disk by the HTTP layer. */
  csvPath: string;
  form: TrainForm;
}

/**
 * Reads the CSV, fits preprocessing and model on a training split, scores the held-out split and
 * stores the result as a new immutable version. CPU-heavy: the service runs it on a worker thread.
 */
export async function trainModel({ csvPath, form }: TrainModelInput, store: ModelStore): Promise<TrainResponse> {
  const startedAt = performance.now();
  const spec = parseModelParams(form.model_type, form.model_params);
  const csv = await parseCsvFile(csvPath);
  const trained = trainTabularModel({
    frame: csv,
    targetColumn: form.target_column,
    columnsToDrop: form.columns_to_drop,
    spec,
    testSize: form.test_size,
  });
  const files = trained.model.serialize();
  const draft: ModelMetadataDraft = {
    format_version: 1,
    model_name: form.model_name,
    model_type: spec.modelType,
    task: trained.task,
    engine: spec.params.engine,
    params: {
      given: form.model_params,
      applied: { ...spec.params, random_state: trained.randomState },
      engine_options: trained.engineOptions,
    },
    signature: {
      target_column: form.target_column,
      features: trained.features,
      columns_dropped: form.columns_to_drop,
      class_labels: trained.classLabels,
    },
    metrics: trained.metrics,
    split: { test_size: form.test_size, n_train: trained.nTrain, n_test: trained.nTest, stratified: trained.stratified },
    dataset: { sha256: csv.sha256, bytes: csv.bytes, n_rows: csv.nRows, n_columns: csv.columns.length },
    training_ms: Math.round(performance.now() - startedAt),
    package_versions: packageVersions(spec.params.engine),
  };
  return toTrainResponse(await store.createVersion(draft, files));
}

export function toTrainResponse(metadata: ModelMetadata): TrainResponse {
  return {
    model_name: metadata.model_name,
    version: metadata.version,
    model_type: metadata.model_type,
    engine: metadata.engine,
    metrics: metadata.metrics,
    features: metadata.signature.features.map((feature) => feature.name),
    feature_types: metadata.signature.features,
    target_column: metadata.signature.target_column,
    class_labels: metadata.signature.class_labels,
    n_rows: metadata.dataset.n_rows,
    n_train: metadata.split.n_train,
    n_test: metadata.split.n_test,
    training_ms: metadata.training_ms,
    created_at: metadata.created_at,
  };
}
