import { z } from './z.js';

/**
 * A model name is one path segment of letters, digits, '.', '_' and '-', starting with a letter or
 * digit, so that it can never climb out of the models directory ("..", "/", "\\" are impossible).
 */
export const ModelNameSchema = z
  .string()
  .trim()
  .regex(/^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/, {
    message:
      'must be 1–64 characters of letters, digits, ".", "_" or "-", starting with a letter or digit (for example "iris" or "churn-v2")',
  })
  .openapi({ example: 'iris' });
export type ModelName = z.infer<typeof ModelNameSchema>;

export const VersionNumberSchema = z.coerce
  .number({ message: 'must be a positive whole number' })
  .int({ message: 'must be a positive whole number' })
  .min(1, { message: 'must be a positive whole number' })
  .max(1_000_000_000);

/**
 * An alias names a version, as in MLflow's registry ("production", "staging", "champion"). It
 * starts with a letter, so it can never be mistaken for a version number, and "latest" is taken.
 */
export const AliasNameSchema = z
  .string()
  .regex(/^[A-Za-z][A-Za-z0-9_-]{0,63}$/, {
    message: 'must be 1–64 characters of letters, digits, "_" or "-", starting with a letter (for example "production")',
  })
  .refine((alias) => alias.toLowerCase() !== 'latest', { message: 'must not be "latest" (in any letter case), which is reserved for the newest servable version' })
  .openapi({ example: 'production' });
export type AliasName = z.infer<typeof AliasNameSchema>;

/**
 * Which version a request means: a number (that version, even a rejected one), "latest" (the
 * newest version that is not rejected) or an alias name. Leaving it out is a fourth choice, the
 * default rule, which the store applies: the "production" alias if set, else "latest".
 */
export const VersionRefSchema = z
  .union(
    [
      z.number().int().min(1).max(1_000_000_000),
      z.string().regex(/^[1-9][0-9]{0,8}$/).transform(Number),
      z.literal('latest'),
      AliasNameSchema,
    ],
    { message: 'must be a positive version number such as 3, "latest", or an alias name such as "production"' },
  )
  .openapi({ example: 'production', type: 'string', description: 'A version number, "latest", or an alias name' });
export type VersionRef = z.infer<typeof VersionRefSchema>;
