import { randomUUID } from 'node:crypto';
import { rename, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { AliasesFileSchema, aliasNotFound, aliasesCorrupt, isTabulaError, modelNotFound, parseJsonBounded, versionNotFound } from '@tabula/contracts';
import type { AliasChange, Aliases, AliasesFile } from '@tabula/contracts';
import { errnoCode, isTransientFsError, syncDirectory, writeFileDurably } from './durable-fs.js';
import { withModelLock } from './model-lock.js';
import { isRealPath, makeRealDirs, readFileNoFollow } from './no-links.js';
import { ALIASES_FILE, type StorePaths } from './store-paths.js';
import { listVersionNumbers } from './version-numbers.js';

/**
 * The model's aliases ({} when none were ever set). The file is only ever replaced by a rename, so
 * a reader sees the old or the new aliases, never a mix. An unreadable file is an error rather
 * than "no aliases": serving the newest version where "production" was meant would be worse.
 */
export async function readAliases(paths: StorePaths, name: string): Promise<Aliases> {
  let text: string;
  try {
    if (!(await isRealPath(paths, paths.modelDir(name)))) return withoutPrototype({});
    text = (await readFileNoFollow(paths, join(paths.modelDir(name), ALIASES_FILE))).toString('utf8');
  } catch (error) {
    if (isTabulaError(error)) throw error;
    const code = errnoCode(error);
    if (code === 'ENOENT' || code === 'ENOTDIR') return withoutPrototype({});
    if (isTransientFsError(error)) throw error;
    throw aliasesCorrupt(name, ALIASES_FILE, 'cannot be opened', error);
  }
  let json: unknown;
  try {
    json = parseJsonBounded(text);
  } catch (error) {
    throw aliasesCorrupt(name, ALIASES_FILE, 'is not valid JSON', error);
  }
  const parsed = AliasesFileSchema.safeParse(json);
  if (!parsed.success) throw aliasesCorrupt(name, ALIASES_FILE, 'does not match its schema', parsed.error);
  return withoutPrototype(parsed.data.aliases);
}

/**
 * Aliases are user-chosen names looked up as keys: on a plain object, alias "valueOf" or
 * "constructor" would find Object.prototype's function instead of "not set".
 */
const withoutPrototype = (aliases: Aliases): Aliases => Object.assign(Object.create(null) as Aliases, aliases);

/** Replaces aliases.json: written in the store's temp dir, fsynced, then renamed over the old one. */
async function writeAliases(paths: StorePaths, name: string, aliases: Aliases): Promise<void> {
  const file: AliasesFile = { format_version: 1, aliases: sortedByName(aliases) };
  await makeRealDirs(paths, paths.scratchDir);
  const temp = join(paths.scratchDir, `aliases-${name}-${randomUUID()}.json`);
  try {
    await writeFileDurably(temp, new TextEncoder().encode(`${JSON.stringify(file, null, 2)}\n`), 'wx');
    await rename(temp, join(paths.modelDir(name), ALIASES_FILE));
  } catch (error) {
    await rm(temp, { force: true });
    throw error;
  }
  await syncDirectory(paths.modelDir(name));
}

const sortedByName = (aliases: Aliases): Aliases =>
  Object.fromEntries(Object.entries(aliases).sort(([a], [b]) => a.localeCompare(b)));

/** The aliases that point to a version, sorted. */
export const aliasesOf = (aliases: Aliases, version: number): string[] =>
  Object.keys(aliases)
    .filter((alias) => aliases[alias] === version)
    .sort();

/** Points alias at a stored version (any status: promoting a rejected one is an explicit choice). */
export function setAlias(paths: StorePaths, name: string, alias: string, version: number): Promise<AliasChange> {
  return withModelLock(paths.modelDir(name), async () => {
    const versions = await listVersionNumbers(paths, name);
    if (versions.length === 0) throw modelNotFound(name);
    if (!versions.includes(version)) throw versionNotFound(name, version);
    const aliases = await readAliases(paths, name);
    const previous = aliases[alias] ?? null;
    if (previous !== version) await writeAliases(paths, name, { ...aliases, [alias]: version });
    return { model_name: name, alias, version, previous_version: previous };
  });
}

export function deleteAlias(paths: StorePaths, name: string, alias: string): Promise<AliasChange> {
  return withModelLock(paths.modelDir(name), async () => {
    const aliases = await readAliases(paths, name);
    const previous = aliases[alias];
    if (previous === undefined) {
      if ((await listVersionNumbers(paths, name)).length === 0) throw modelNotFound(name);
      throw aliasNotFound(name, alias, Object.keys(aliases).sort());
    }
    const rest = { ...aliases };
    delete rest[alias];
    await writeAliases(paths, name, rest);
    return { model_name: name, alias, version: null, previous_version: previous };
  });
}
