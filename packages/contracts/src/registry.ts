import { TabulaError, type TabulaErrorOptions } from './errors.js';
import { ModelPathParamsSchema } from './forms.js';
import { ModelMetadataSchema } from './model-metadata.js';
import { AliasNameSchema, ModelNameSchema, VersionNumberSchema, VersionRefSchema } from './names.js';
import { VersionSummarySchema } from './responses.js';
import { z } from './z.js';

// The model registry as MLflow has it: versions are immutable, aliases are the mutable pointers
// a team moves to promote and roll back, and a version travels between installations as one file.

const VersionNumberValueSchema = z.number({ message: 'must be a version number such as 3' }).int().min(1).max(1_000_000_000);

/** MODELS_DIR/<name>/aliases.json, the one mutable file of a model; read back through this schema. */
export const AliasesFileSchema = z.object({
  format_version: z.literal(1),
  aliases: z.record(AliasNameSchema, VersionNumberValueSchema),
});
export type AliasesFile = z.infer<typeof AliasesFileSchema>;

/** Alias name → version number. */
export type Aliases = AliasesFile['aliases'];

export const VersionPathParamsSchema = ModelPathParamsSchema.extend({ version: VersionRefSchema });
/** DELETE names a version by number only: an alias or "latest" could move while the request is in flight. */
export const VersionNumberPathParamsSchema = ModelPathParamsSchema.extend({ version: VersionNumberSchema });
export const AliasPathParamsSchema = ModelPathParamsSchema.extend({ alias: AliasNameSchema });

export const SetAliasBodySchema = z
  .object({ version: VersionNumberValueSchema })
  .openapi('SetAliasBody', { example: { version: 3 } });
export type SetAliasBody = z.infer<typeof SetAliasBodySchema>;

export const AliasChangeSchema = z
  .object({
    model_name: ModelNameSchema,
    alias: AliasNameSchema,
    /** Where the alias points now (null once deleted). */
    version: z.number().int().nullable(),
    /** Where it pointed before (null when it is new): what a rollback goes back to. */
    previous_version: z.number().int().nullable(),
  })
  .openapi('AliasChange');
export type AliasChange = z.infer<typeof AliasChangeSchema>;

export const VersionDeletedSchema = z
  .object({ model_name: ModelNameSchema, version: z.number().int(), deleted: z.literal(true) })
  .openapi('VersionDeleted');
export type VersionDeleted = z.infer<typeof VersionDeletedSchema>;

/** GET /models/{name}: the registry view of one model. */
export const ModelDetailSchema = z
  .object({
    model_name: ModelNameSchema,
    latest_version: z.number().int(),
    /** The version a prediction without model_version uses; null when every version is rejected. */
    default_version: z.number().int().nullable(),
    aliases: z.record(z.string(), z.number().int()).openapi({ example: { production: 3, staging: 4 } }),
    versions: z.array(VersionSummarySchema),
  })
  .openapi('ModelDetail');
export type ModelDetail = z.infer<typeof ModelDetailSchema>;

/** The first line of an export file names its format, so a foreign file is refused before anything else is read. */
export const MODEL_EXPORT_FORMAT = 'tabula-model-export';
export const MODEL_EXPORT_FORMAT_VERSION = 1;

/**
 * An export file is this header as one JSON line, a newline, then the bytes of each artifact in
 * the order of metadata.artifacts, which records each one's size and sha256. Nothing follows.
 */
export const ModelExportHeaderSchema = z.object({
  format: z.literal(MODEL_EXPORT_FORMAT),
  format_version: z.literal(MODEL_EXPORT_FORMAT_VERSION),
  exported_at: z.string().datetime(),
  metadata: ModelMetadataSchema,
});
export type ModelExportHeader = z.infer<typeof ModelExportHeaderSchema>;

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

export const noServableVersion = (name: string, versions: number[]) =>
  new TabulaError(
    'NO_SERVABLE_VERSION',
    `Model "${name}" has no version to serve by default: all ${versions.length} of its versions are rejected or unreadable.`,
    {
      hint:
        `Ask for one by number (model_version=${versions.at(-1)}), point the "production" alias at one ` +
        `(PUT /models/${name}/aliases/production with {"version": n}), or train a version that meets its min_metrics.`,
    },
  );

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
