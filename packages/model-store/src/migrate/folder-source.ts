import { readdir, stat } from 'node:fs/promises';
import { resolve } from 'node:path';
import { isTabulaError, migrationSourceInvalid, type TabulaError } from '@tabula/contracts';
import type { ModelMetadata } from '@tabula/contracts';
import { errnoCode } from '../durable-fs.js';
import { openModelStore, type ModelStore } from '../open-model-store.js';
import { isModelName } from '../parse-names.js';
import { StorePaths } from '../store-paths.js';
import { readVersionEntries } from '../version-numbers.js';

/** One version of the folder as the migration sees it: whole and verified, or corrupt with the reason. */
export type FolderVersion =
  | { version: number; metadata: ModelMetadata; files: Record<string, Uint8Array> }
  | { version: number; corrupt: TabulaError };

/** Read access to a folder store for the migration: the store's own reads, plus the numbers it keeps from reuse. */
export interface FolderSource {
  readonly root: string;
  readonly store: ModelStore;
  /** Every model directory name, sorted, whether or not a version of it is readable. */
  listModelNames(): Promise<string[]>;
  /** A model's stored version numbers (readable or not) and the highest number it ever used, deleted ones included. */
  readNumbers(name: string): Promise<{ versions: number[]; highestUsed: number }>;
  /** One version through the folder store, which checks every artifact's size and sha256; MODEL_CORRUPT is returned. */
  readVersion(name: string, version: number): Promise<FolderVersion>;
}

/**
 * Opens the folder at `from` for reading. It must already be a directory: openModelStore would create a missing
 * one, and a typo in --from should say so rather than migrate an empty store. Throws INVALID_INPUT.
 */
export async function openFolderSource(from: string): Promise<FolderSource> {
  const root = resolve(from);
  try {
    if (!(await stat(root)).isDirectory()) throw migrationSourceInvalid(from, 'is not a directory');
  } catch (error) {
    if (isTabulaError(error)) throw error;
    throw migrationSourceInvalid(from, errnoCode(error) === 'ENOENT' ? 'does not exist' : `cannot be read (${errnoCode(error) ?? 'unknown error'})`);
  }
  const paths = new StorePaths(root);
  const store = openModelStore(root);
  return {
    root,
    store,
    async listModelNames() {
      return (await readdir(root)).filter(isModelName).sort();
    },
    async readNumbers(name) {
      const { versions, deleted } = await readVersionEntries(paths, name);
      return { versions, highestUsed: Math.max(0, ...versions, ...deleted) };
    },
    async readVersion(name, version) {
      try {
        const metadata = await store.readMetadata(name, version);
        return { version, metadata, files: await store.readArtifacts(name, version) };
      } catch (error) {
        if (isTabulaError(error) && error.code === 'MODEL_CORRUPT') return { version, corrupt: error };
        throw error;
      }
    },
  };
}
