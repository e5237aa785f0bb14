import type { AliasChange, ModelLimits, ModelMetadata, VersionDeleted } from '@tabula/contracts';
import type { ModelStore } from '@tabula/model-store';
import { importVersion, type ImportVersionInput } from './import-version.js';

/** The part of the store the registry writes use: what a test or another store has to provide. */
export type RegistryStore = Pick<ModelStore, 'setAlias' | 'deleteAlias' | 'deleteVersion' | 'createVersion'>;

export interface AliasTarget {
  name: string;
  alias: string;
}

export interface VersionTarget {
  name: string;
  version: number;
}

/**
 * Every change the registry allows besides training: aliases, deletes and imports. The trainer is
 * the one service that writes the volume, and the store serializes the changes per model, so the
 * HTTP layer needs nothing but these calls (it never sees the store).
 */
export interface RegistryWriter {
  /** Points the alias at the version; the answer says where it pointed before. */
  setAlias(target: AliasTarget & { version: number }): Promise<AliasChange>;
  deleteAlias(target: AliasTarget): Promise<AliasChange>;
  /** CONFLICT while an alias points at the version; MODEL_NOT_FOUND or VERSION_NOT_FOUND for what is not there. */
  deleteVersion(target: VersionTarget): Promise<VersionDeleted>;
  /** Checks an export file as importVersion describes and stores it as the next version of the name. */
  importVersion(input: ImportVersionInput): Promise<ModelMetadata>;
}

/** The registry writes over one store, with the model caps (MAX_FEATURES, …) every import is checked against. */
export function createRegistryWriter(store: RegistryStore, modelLimits: ModelLimits): RegistryWriter {
  return {
    setAlias: ({ name, alias, version }) => store.setAlias(name, alias, version),
    deleteAlias: ({ name, alias }) => store.deleteAlias(name, alias),
    async deleteVersion({ name, version }) {
      await store.deleteVersion(name, version);
      return { model_name: name, version, deleted: true };
    },
    importVersion: (input) => importVersion(input, store, modelLimits),
  };
}
