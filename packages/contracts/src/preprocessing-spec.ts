import { z } from './z.js';

export const NUMERIC_IMPUTATIONS = ['median', 'mean', 'constant'] as const;
export const SCALINGS = ['none', 'standard', 'minmax', 'robust'] as const;
export const CATEGORICAL_ENCODINGS = ['onehot', 'ordinal', 'native'] as const;
export const COLUMN_TYPES = ['numeric', 'categorical', 'datetime'] as const;

const allowed = (values: readonly string[]) => values.join(', ');
const oneOf = <T extends readonly [string, ...string[]]>(values: T) => z.enum(values, { message: `must be one of ${allowed(values)}` });

const SHAPE = {
  /** How a missing numeric cell is filled: the training median (today's rule), mean, or fill_value. */
  numeric_imputation: oneOf(NUMERIC_IMPUTATIONS).default('median'),
  /** The number numeric_imputation=constant fills in. */
  fill_value: z.number({ message: 'must be a number, e.g. 0' }).optional(),
  /** Numeric columns after imputation: none, (x − mean)/std, (x − min)/(max − min), (x − median)/IQR. */
  scaling: oneOf(SCALINGS).default('none'),
  /** Text columns: one 0/1 column per category (today), one column of category codes, or codes the forest splits natively. */
  categorical_encoding: oneOf(CATEGORICAL_ENCODINGS).default('onehot'),
  /** Outputs per text column, the rarer categories grouped into one "other"; absent: the 200 most frequent, rarer as unseen. */
  max_categories: z
    .number({ message: 'must be a whole number from 2 to 10000' })
    .int({ message: 'must be a whole number from 2 to 10000' })
    .min(2, { message: 'must be at least 2 (the most frequent category and "other")' })
    .max(10_000, { message: 'must be at most 10000' })
    .optional(),
  /** Columns whose every value is an ISO-8601 date or timestamp become year, month, day of week (and hour). */
  detect_datetime: z.boolean({ message: 'must be true or false' }).default(false),
  /** Forces a column's type instead of inferring it. */
  column_types: z.record(z.string(), oneOf(COLUMN_TYPES)).default({}),
};

export const PREPROCESSING_KEYS = Object.keys(SHAPE);

/**
 * The `preprocessing` form field of POST /train, with its defaults filled in. Every default is
 * today's preprocessing, so a training without the field (or with {}) writes the model it always
 * did. Unknown keys and values outside the lists are refused, naming the key and what is allowed.
 */
export const PreprocessingSpecSchema = z
  .strictObject(SHAPE, {
    error: (issue) =>
      issue.code === 'unrecognized_keys'
        ? `has unknown key${issue.keys.length === 1 ? '' : 's'} ${issue.keys.map((key) => `"${key}"`).join(', ')}; the keys are ${allowed(PREPROCESSING_KEYS)}`
        : undefined,
  })
  .superRefine((spec, ctx) => {
    if (spec.numeric_imputation === 'constant' && spec.fill_value === undefined) {
      ctx.addIssue({ code: 'custom', path: ['fill_value'], message: 'is required with numeric_imputation=constant, e.g. {"numeric_imputation": "constant", "fill_value": 0}' });
    }
    if (spec.numeric_imputation !== 'constant' && spec.fill_value !== undefined) {
      ctx.addIssue({ code: 'custom', path: ['fill_value'], message: `applies to numeric_imputation=constant only, not ${spec.numeric_imputation}` });
    }
  });
export type PreprocessingSpec = z.infer<typeof PreprocessingSpecSchema>;
export type ColumnType = (typeof COLUMN_TYPES)[number];

/** Preprocessing as given and as applied (defaults filled, and the type each feature column was read as), in metadata.json. */
export const PreprocessingRecordSchema = z.object({
  given: z.record(z.string(), z.unknown()),
  applied: z.object({
    numeric_imputation: z.enum(NUMERIC_IMPUTATIONS),
    fill_value: z.number().optional(),
    scaling: z.enum(SCALINGS),
    categorical_encoding: z.enum(CATEGORICAL_ENCODINGS),
    max_categories: z.number().int().optional(),
    detect_datetime: z.boolean(),
    column_types: z.record(z.string(), z.enum(COLUMN_TYPES)),
  }),
});
export type PreprocessingRecord = z.infer<typeof PreprocessingRecordSchema>;
