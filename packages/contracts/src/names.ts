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

/** Which version a prediction uses: a number, or "latest". */
export const VersionRefSchema = z
  .union([z.literal('latest'), z.number().int().min(1), z.string().regex(/^[1-9][0-9]{0,8}$/).transform(Number)], {
    message: 'must be a positive version number such as 3, or "latest"',
  })
  .openapi({ example: 'latest', type: 'string' });
export type VersionRef = z.infer<typeof VersionRefSchema>;
