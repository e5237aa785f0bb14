import { readFile } from 'node:fs/promises';
import { invalidModelExport, isTabulaError, type ModelLimits, type ModelMetadata } from '@tabula/contracts';
import { decodeModelExport, type ModelStore } from '@tabula/model-store';
import { checkSignatureLimits, describeModelArrays, loadTabularModel, type TabularModel } from '@tabula/tabular';

export interface ImportVersionInput {
  /** The model name to store the version under (the export's own name is kept in imported_from). */
  name: string;
  /** The uploaded export file, spooled to disk by the HTTP layer. */
  filePath: string;
}

/**
 * Stores an exported version as the next version of `name`, after checking everything a version
 * read from our own volume would have been checked for and more: the file's format, its metadata
 * schema, each artifact's sha256, the model caps (MAX_FEATURES, MAX_CATEGORIES, MAX_CLASSES: 413,
 * before the model is decoded), every number of the model (thresholds, leaves, votes, weights),
 * that it loads and predicts, and that it is the model its metadata describes. Anything else wrong
 * is INVALID_INPUT (400), never a crash.
 */
export async function importVersion(
  { name, filePath }: ImportVersionInput,
  store: Pick<ModelStore, 'createVersion'>,
  limits: ModelLimits,
): Promise<ModelMetadata> {
  const { header, files } = decodeModelExport(await readFile(filePath));
  const source = header.metadata;
  const label = `the imported model "${source.model_name}" version ${source.version}`;
  checkSignatureLimits(source.signature, limits, label);
  checkModel(source, files, limits, label);
  const { version: _version, artifacts: _artifacts, created_at: _createdAt, ...draft } = source;
  return store.createVersion(
    {
      ...draft,
      model_name: name,
      imported_from: { model_name: source.model_name, version: source.version, created_at: source.created_at, exported_at: header.exported_at },
    },
    files,
    // Format 2 exports carry raw array files; a format 1 export is stored as it came, with none.
    describeModelArrays(files),
  );
}

function checkModel(metadata: ModelMetadata, files: Record<string, Uint8Array>, limits: ModelLimits, label: string): void {
  const model = loadOrRefuse(files, limits, label);
  const mismatches = [
    model.modelType !== metadata.model_type && `model_type is ${metadata.model_type} in the metadata but ${model.modelType} in the model`,
    model.task !== metadata.task && `task is ${metadata.task} in the metadata but ${model.task} in the model`,
    !sameJson(model.features, metadata.signature.features) && 'the input features in the metadata differ from the model’s',
    !sameJson(model.classLabels, metadata.signature.class_labels) && 'the class labels in the metadata differ from the model’s',
  ].filter((mismatch): mismatch is string => typeof mismatch === 'string');
  if (mismatches.length > 0) throw invalidModelExport(`its metadata does not describe its model (${mismatches.join('; ')})`);
}

/**
 * Loads the model (its numbers are checked as it is) and scores one row of missing values, so a
 * model that cannot predict is refused now, not at the first request. A model past a cap keeps its
 * 413: the file is sound, this installation's limits are not enough for it.
 */
function loadOrRefuse(files: Record<string, Uint8Array>, limits: ModelLimits, label: string): TabularModel {
  try {
    const model = loadTabularModel(files, { limits, label });
    const columns = model.features.map((feature) => feature.name);
    model.predict({ columns, nRows: 1, values: columns.map(() => [null]) }, { returnProba: model.classLabels !== null });
    return model;
  } catch (error) {
    if (isTabulaError(error) && error.code === 'PAYLOAD_TOO_LARGE') throw error;
    const reason = error instanceof Error ? error.message.replace(/\.$/, '') : 'unknown error';
    throw invalidModelExport(`its model does not load (${reason})`, { cause: error });
  }
}

const sameJson = (a: unknown, b: unknown): boolean => JSON.stringify(a) === JSON.stringify(b);
