import type { ModelMetadata, ModelSchemaResponse, VersionRef } from '@tabula/contracts';
import type { ModelStore } from '@tabula/model-store';
import { deriveInputSchema } from '@tabula/tabular';

/**
 * GET /models/{name}/versions/{version}/schema: the version's stored input schema and example, read
 * from the registry (the folder's metadata.json, or its row in PostgreSQL). A version trained before
 * they were stored gets a schema derived from its features and data report, marked derived.
 */
export async function readModelSchema(store: ModelStore, name: string, ref: VersionRef): Promise<ModelSchemaResponse> {
  return toModelSchema(await store.readMetadata(name, await store.resolveVersion(name, ref)));
}

export function toModelSchema(metadata: ModelMetadata): ModelSchemaResponse {
  const { signature } = metadata;
  const stored = signature.input_schema;
  return {
    model_name: metadata.model_name,
    model_version: metadata.version,
    derived: stored === null,
    target_column: signature.target_column,
    class_labels: signature.class_labels,
    columns_dropped: signature.columns_dropped,
    input_schema: stored ?? deriveInputSchema(signature, metadata.data_report),
    input_example: stored === null ? null : signature.input_example,
  };
}
