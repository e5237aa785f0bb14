import { isTabulaError, modelNotFound } from '@tabula/contracts';
import type { ModelDetail, ModelList, ModelMetadata, VersionList, VersionRef, VersionSummary } from '@tabula/contracts';
import type { ModelStore } from '@tabula/model-store';

/** What the read side of the registry needs: the store, read only (changes go to the trainer). */
export interface CatalogDeps {
  store: ModelStore;
}

export async function listModels(store: ModelStore): Promise<ModelList> {
  return { models: await store.listModels() };
}

export async function listVersions(store: ModelStore, name: string): Promise<VersionList> {
  const versions = await store.listVersions(name);
  return { model_name: name, versions: versions.map(toVersionSummary) };
}

/** The registry view of one model: its versions with status and metrics, its aliases, and what serves by default. */
export async function describeModel(store: ModelStore, name: string): Promise<ModelDetail> {
  const versions = await store.listVersions(name);
  const latest = versions.at(-1);
  if (latest === undefined) throw modelNotFound(name);
  return {
    model_name: name,
    latest_version: latest.version,
    default_version: await findDefaultVersion(store, name),
    aliases: await store.readAliases(name),
    versions: versions.map(toVersionSummary),
  };
}

/** null when nothing serves by default: every version rejected, or "production" left pointing at a removed one. */
async function findDefaultVersion(store: ModelStore, name: string): Promise<number | null> {
  try {
    return await store.resolveVersion(name);
  } catch (error) {
    if (isTabulaError(error) && (error.code === 'NO_SERVABLE_VERSION' || error.code === 'VERSION_NOT_FOUND')) return null;
    throw error;
  }
}

export async function describeVersion(store: ModelStore, name: string, ref: VersionRef): Promise<ModelMetadata> {
  return store.readMetadata(name, await store.resolveVersion(name, ref));
}

function toVersionSummary(metadata: ModelMetadata): VersionSummary {
  return {
    version: metadata.version,
    model_type: metadata.model_type,
    engine: metadata.engine,
    created_at: metadata.created_at,
    metrics: metadata.metrics,
    status: metadata.status,
    n_rows: metadata.dataset.n_rows,
    target_column: metadata.signature.target_column,
    features: metadata.signature.features.map((feature) => feature.name),
  };
}
