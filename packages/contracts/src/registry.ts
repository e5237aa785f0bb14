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
