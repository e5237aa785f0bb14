import { parseModelParams, type ModelMetadataDraft } from '@tabula/contracts';
import { createRng, forestFromArraySet, serializeForest, viewRawArray, type Dtype, type TypedArray } from '@tabula/engines';
import type { ModelStore } from '@tabula/model-store';
import { MODEL_FILE_NAME, describeModelArrays, trainTabularModel, type Frame, type TabularModel } from '@tabula/tabular';

export interface ForestShape {
  nRows: number;
  nFeatures: number;
  nClasses: number;
  nTrees: number;
}

/** The forest the model-files and cluster sections load cold: 100 fully grown trees, about as large as a real one. */
export const FOREST_SHAPE: ForestShape = { nRows: 20_000, nFeatures: 20, nClasses: 3, nTrees: 100 };
export const QUICK_FOREST_SHAPE: ForestShape = { ...FOREST_SHAPE, nTrees: 20 };

/**
 * A noisy nClasses-class table: each class a Gaussian blob on half the columns, the rest noise, and
 * 5 % of the labels drawn at random, so fully grown trees are as large as on real data.
 */
export function makeBlobFrame({ nRows, nFeatures, nClasses }: ForestShape, seed: number): Frame {
  const rng = createRng(seed);
  const gaussian = () => Math.sqrt(-2 * Math.log(1 - rng.nextFloat())) * Math.cos(2 * Math.PI * rng.nextFloat());
  const centres = Array.from({ length: nClasses }, () => Array.from({ length: nFeatures }, () => 2 * rng.nextFloat() - 1));
  const labels = Array.from({ length: nRows }, (_, row) => row % nClasses);
  const values = Array.from({ length: nFeatures }, (_, f) =>
    labels.map((k) => Math.round((f < nFeatures / 2 ? centres[k][f] : 0) * 1000 + gaussian() * 1000) / 1000),
  );
  const target = labels.map((k) => `class_${rng.nextFloat() < 0.05 ? Math.floor(rng.nextFloat() * nClasses) : k}`);
  return { columns: [...Array.from({ length: nFeatures }, (_, f) => `x${f}`), 'label'], nRows, values: [...values, target] };
}

/** A RandomForestClassifier of the tabula engine, fitted as the trainer fits one (all rows kept for training but 1 %). */
export function trainForestModel(frame: Frame, nTrees: number): TabularModel {
  const spec = parseModelParams('RandomForestClassifier', { n_estimators: nTrees, random_state: 1 });
  return trainTabularModel({ frame, targetColumn: 'label', columnsToDrop: [], spec, testSize: 0.01 }).model;
}

/**
 * The format-1 files of a model serialize() wrote in format 2: the same model.json with format_version
 * 1 and the forest packed and base64-encoded inside it, byte for byte what the code before format 2
 * wrote (serializeForest's bundle is unchanged).
 */
export function toFormat1Files(files: Record<string, Uint8Array>): Record<string, Uint8Array> {
  const model = JSON.parse(new TextDecoder().decode(files[MODEL_FILE_NAME])) as {
    format_version: number;
    estimator: { forest: { header: Record<string, unknown>; arrays: Record<string, { file: string; dtype: Dtype; shape: number[] }> } | string };
  };
  const listing = model.estimator.forest;
  if (typeof listing === 'string') throw new TypeError('already format 1');
  const arrays = new Map<string, TypedArray>();
  for (const [name, { file, dtype, shape }] of Object.entries(listing.arrays)) {
    arrays.set(name, viewRawArray(files[file], dtype, shape.reduce((product, size) => product * size, 1)));
  }
  const bundle = serializeForest(forestFromArraySet({ header: listing.header, arrays }));
  model.format_version = 1;
  model.estimator.forest = Buffer.from(bundle.buffer, bundle.byteOffset, bundle.byteLength).toString('base64');
  return { [MODEL_FILE_NAME]: new TextEncoder().encode(JSON.stringify(model)) };
}

/** Stores `files` as a version of `name` through the model store, as the trainer does. */
export async function storeVersion(store: ModelStore, name: string, model: TabularModel, files: Record<string, Uint8Array>): Promise<number> {
  const draft: ModelMetadataDraft = {
    format_version: 1,
    model_name: name,
    model_type: model.modelType,
    task: model.task,
    engine: 'tabula',
    params: { given: {}, applied: {}, engine_options: {} },
    signature: { target_column: 'label', features: model.features, columns_dropped: [], class_labels: model.classLabels },
    metrics: {},
    split: { test_size: 0.01, n_train: 0, n_test: 0, stratified: true },
    dataset: { sha256: '0'.repeat(64), bytes: 0, n_rows: 0, n_columns: 0 },
    training_ms: 0,
    package_versions: {},
  };
  return (await store.createVersion(draft, files, describeModelArrays(files))).version;
}
