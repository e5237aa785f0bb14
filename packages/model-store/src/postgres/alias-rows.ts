import { aliasNotFound, modelNotFound, noServableVersion, versionNotFound } from '@tabula/contracts';
import type { AliasChange, Aliases, VersionRef } from '@tabula/contracts';
import { DEFAULT_ALIAS } from '../resolve-version.js';
import { notifyRegistryChange } from './registry-events.js';
import type { Queryable } from './registry-pool.js';
import { listVersionStatuses } from './version-rows.js';

// Aliases are user-chosen names looked up as keys: without a prototype, "valueOf" is an alias like any other.
const withoutPrototype = (entries: [string, number][]): Aliases => Object.assign(Object.create(null) as Aliases, Object.fromEntries(entries));

export async function readAliasRows(client: Queryable, name: string): Promise<Aliases> {
  const { rows } = await client.query<{ alias: string; version: number }>('SELECT alias, version FROM aliases WHERE model_name = $1 ORDER BY alias', [name]);
  return withoutPrototype(rows.map((row) => [row.alias, row.version]));
}

/**
 * Points alias at a stored version, in the caller's transaction. FOR KEY SHARE on the version row makes a concurrent
 * delete of that version wait for this commit (and then see the alias and refuse), or, if the delete committed
 * first, finds no row: VERSION_NOT_FOUND. The aliases' foreign key backs this up.
 */
export async function upsertAlias(client: Queryable, name: string, alias: string, version: number): Promise<AliasChange> {
  const target = await client.query('SELECT 1 FROM versions WHERE model_name = $1 AND version = $2 FOR KEY SHARE', [name, version]);
  if (target.rows.length === 0) {
    const any = await client.query('SELECT 1 FROM versions WHERE model_name = $1 LIMIT 1', [name]);
    throw any.rows.length === 0 ? modelNotFound(name) : versionNotFound(name, version);
  }
  const before = await client.query<{ version: number }>('SELECT version FROM aliases WHERE model_name = $1 AND alias = $2 FOR UPDATE', [name, alias]);
  await client.query(
    'INSERT INTO aliases (model_name, alias, version) VALUES ($1, $2, $3) ON CONFLICT (model_name, alias) DO UPDATE SET version = EXCLUDED.version',
    [name, alias, version],
  );
  await notifyRegistryChange(client, { model_name: name, change: 'alias-set', version, alias });
  return { model_name: name, alias, version, previous_version: before.rows[0]?.version ?? null };
}

export async function removeAlias(client: Queryable, name: string, alias: string): Promise<AliasChange> {
  const { rows } = await client.query<{ version: number }>('DELETE FROM aliases WHERE model_name = $1 AND alias = $2 RETURNING version', [name, alias]);
  if (rows.length === 1) {
    await notifyRegistryChange(client, { model_name: name, change: 'alias-deleted', version: rows[0].version, alias });
    return { model_name: name, alias, version: null, previous_version: rows[0].version };
  }
  if ((await listVersionStatuses(client, name)).length === 0) throw modelNotFound(name);
  throw aliasNotFound(name, alias, Object.keys(await readAliasRows(client, name)));
}

/**
 * A reference → a stored version number, as the folder store's resolver does it: a number is itself (even a rejected
 * one), "latest" the newest ready version, an alias its version, no ref "production" if set, else "latest".
 */
export async function resolveVersionRow(client: Queryable, name: string, ref: VersionRef | undefined): Promise<number> {
  const versions = await listVersionStatuses(client, name);
  if (versions.length === 0) throw modelNotFound(name);
  const newestReady = () => {
    const ready = versions.filter((row) => row.status === 'ready').at(-1);
    if (ready === undefined) throw noServableVersion(name, versions.map((row) => row.version));
    return ready.version;
  };
  if (typeof ref === 'number') {
    if (!versions.some((row) => row.version === ref)) throw versionNotFound(name, ref);
    return ref;
  }
  if (ref === 'latest') return newestReady();
  const alias = ref ?? DEFAULT_ALIAS;
  // The foreign key keeps an alias from pointing at a deleted version: no dangling alias to report here.
  const { rows } = await client.query<{ version: number }>('SELECT version FROM aliases WHERE model_name = $1 AND alias = $2', [name, alias]);
  if (rows.length === 1) return rows[0].version;
  if (ref === undefined) return newestReady();
  throw aliasNotFound(name, alias, Object.keys(await readAliasRows(client, name)));
}
