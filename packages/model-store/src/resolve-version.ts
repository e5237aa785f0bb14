import { aliasNotFound, danglingAlias, modelNotFound, noServableVersion, versionNotFound } from '@tabula/contracts';
import type { ModelMetadata, TabulaError, VersionRef } from '@tabula/contracts';
import { readAliases } from './aliases.js';
import { readMetadataOrSkip } from './read-version.js';
import type { StorePaths } from './store-paths.js';
import { readVersionEntries } from './version-numbers.js';

/** The alias a request without model_version is served by, when it is set. */
export const DEFAULT_ALIAS = 'production';

export type ResolveVersion = (name: string, ref: VersionRef | undefined) => Promise<number>;

/**
 * Turns a version reference into a stored version number, in one readdir (plus aliases.json, if any, for
 * an alias or no ref). A number is that version, even a rejected one: an explicit ask. "latest" is
 * the newest version that is not rejected. An alias is the version it points to. No ref is the
 * "production" alias if set, else "latest". Names and refs must already be parsed.
 *
 * Every call lists the directory, so a deleted version is never resolved once the delete has
 * answered. Statuses are cached: a version's metadata never changes and its number is never reused.
 */
export function createVersionResolver(paths: StorePaths, onCorrupt?: (error: TabulaError) => void): ResolveVersion {
  const statuses = new Map<string, ModelMetadata['status']>();

  async function isServable(name: string, version: number): Promise<boolean> {
    const key = `${name}@${version}`;
    let status = statuses.get(key);
    if (status === undefined) {
      status = (await readMetadataOrSkip(paths, name, version, onCorrupt))?.status;
      if (status === undefined) return false;
      statuses.set(key, status);
    }
    return status === 'ready';
  }

  async function newestServable(name: string, versions: number[]): Promise<number> {
    for (let i = versions.length - 1; i >= 0; i -= 1) {
      if (await isServable(name, versions[i])) return versions[i];
    }
    throw noServableVersion(name, versions);
  }

  /** The version an alias points to, undefined when it is not set; an alias to a removed version is an error. */
  async function aliasTarget(name: string, alias: string, versions: number[], hasAliases: boolean): Promise<{ version?: number; aliases: string[] }> {
    const aliases = hasAliases ? await readAliases(paths, name) : null;
    const version = aliases?.[alias];
    if (version !== undefined && !versions.includes(version)) throw danglingAlias(name, alias, version);
    return { version, aliases: aliases === null ? [] : Object.keys(aliases).sort() };
  }

  return async (name, ref) => {
    const { versions, hasAliases } = await readVersionEntries(paths, name);
    if (versions.length === 0) throw modelNotFound(name);
    if (typeof ref === 'number') {
      if (!versions.includes(ref)) throw versionNotFound(name, ref);
      return ref;
    }
    if (ref === 'latest') return newestServable(name, versions);
    const alias = ref ?? DEFAULT_ALIAS;
    const target = await aliasTarget(name, alias, versions, hasAliases);
    if (target.version !== undefined) return target.version;
    if (ref === undefined) return newestServable(name, versions);
    throw aliasNotFound(name, alias, target.aliases);
  };
}
