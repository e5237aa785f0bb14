import { z } from './z.js';

/**
 * A model name is one path segment of letters, digits, '.', '_' and '-', starting with a letter or
 * digit, so that it can never climb out of the models directory ("..", "/", "\\" are impossible).
 * It is never trimmed: "iris " (iris%20 in a path) is another name, and an invalid one, rather than
 * a way to reach "iris".
 */
export const ModelNameSchema = z
  .string()
  .regex(/^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/, {
    message:
      'must be 1–64 characters of letters, digits, ".", "_" or "-", starting with a letter or digit (for example "iris" or "churn-v2")',
  })
  .openapi({ example: 'iris' });
export type ModelName = z.infer<typeof ModelNameSchema>;

const MAX_VERSION = 1_000_000_000;
const PLAIN_DECIMAL = 'must be a plain decimal integer from 1 to 1000000000, such as 3 (no sign, leading zero, space, decimal point, exponent or hex)';

/**
 * A version number, given as a number or as text (a path segment, a form field). Text must be plain
 * decimal digits: JavaScript's Number() reads "0x4" as 4, "1e0" as 1 and " 4" as 4, so a DELETE of
 * ".../versions/0x4" would otherwise delete version 4.
 */
export const VersionNumberSchema = z
  .union([
    z.number().int({ message: PLAIN_DECIMAL }).min(1, { message: PLAIN_DECIMAL }).max(MAX_VERSION, { message: PLAIN_DECIMAL }),
    z
      .string()
      .regex(/^[1-9][0-9]{0,9}$/, { message: PLAIN_DECIMAL })
      .transform(Number)
      .refine((version) => version <= MAX_VERSION, { message: PLAIN_DECIMAL }),
  ], { message: PLAIN_DECIMAL })
  .openapi({ type: 'integer', minimum: 1, maximum: MAX_VERSION, example: 1 });

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
      z.number().int().min(1).max(MAX_VERSION),
      z.string().regex(/^[1-9][0-9]{0,8}$/).transform(Number),
      z.literal('latest'),
      AliasNameSchema,
    ],
    { message: 'must be a positive version number such as 3, "latest", or an alias name such as "production"' },
  )
  .openapi({ example: 'production', type: 'string', description: 'A version number, "latest", or an alias name' });
export type VersionRef = z.infer<typeof VersionRefSchema>;
