import { TabulaError, type TabulaErrorOptions } from './tabula-error.js';

// The errors of the registry's writes and lookups by alias: aliases that do not resolve, deletes they block, and
// exported versions that cannot be imported.

const quoteAll = (names: string[]) => names.map((n) => `"${n}"`).join(', ');

export const aliasNotFound = (name: string, alias: string, existing: string[]) =>
  new TabulaError('ALIAS_NOT_FOUND', `Model "${name}" has no alias "${alias}".`, {
    hint:
      existing.length > 0
        ? `Its aliases are ${quoteAll(existing)}; a version number or "latest" works too.`
        : `It has no aliases yet: set one with PUT /models/${name}/aliases/${alias} and {"version": n}, or give a version number or "latest".`,
  });

export const danglingAlias = (name: string, alias: string, version: number) =>
  new TabulaError('VERSION_NOT_FOUND', `Alias "${alias}" of model "${name}" points to version ${version}, which no longer exists.`, {
    hint: `Point it at a stored version with PUT /models/${name}/aliases/${alias}, or remove it with DELETE.`,
  });

export const versionHasAliases = (name: string, version: number, aliases: string[]) =>
  new TabulaError(
    'CONFLICT',
    `Version ${version} of model "${name}" cannot be deleted while ${aliases.length === 1 ? 'the alias' : 'the aliases'} ${quoteAll(aliases)} ${aliases.length === 1 ? 'points' : 'point'} to it.`,
    { hint: `Move or remove ${aliases.length === 1 ? 'it' : 'them'} first with PUT or DELETE /models/${name}/aliases/{alias}.` },
  );

export const invalidModelExport = (reason: string, options: Pick<TabulaErrorOptions, 'details' | 'cause'> = {}) =>
  new TabulaError('INVALID_INPUT', `The uploaded file cannot be imported: ${reason}.`, {
    hint: 'Upload, unchanged, a file downloaded from GET /models/{name}/versions/{version}/export (form field "file").',
    ...options,
  });
