import type { ModelList, ModelMetadata, VersionList, VersionRef, VersionSummary } from '@tabula/contracts';
import type { ModelStore } from '@tabula/model-store';

export async function listModels(store: ModelStore): Promise<ModelList> {
  return { models: await store.listModels() };
}

export async function listVersions(store: ModelStore, name: string): Promise<VersionList> {
  const versions = await store.listVersions(name);
  return { model_name: name, versions: versions.map(toVersionSummary) };
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
    n_rows: metadata.dataset.n_rows,
    target_column: metadata.signature.target_column,
    features: metadata.signature.features.map((feature) => feature.name),
  };
}
