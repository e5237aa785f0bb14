import { z, type FeatureSpec } from '@tabula/contracts';

// Every field added after the first format is optional and absent under today's defaults, so a
// training without the preprocessing field writes the model.json it always did, and old files load.

const NumericColumnSchema = z.object({
  name: z.string(),
  type: z.literal('numeric'),
  /** Training median, used for missing cells unless `fill` is set. */
  median: z.number(),
  /** The value for missing cells when it is not the median: the training mean, or the given fill_value. */
  fill: z.number().optional(),
  /** Scaling after imputation: (x − center) / scale (standard: mean/std, minmax: min/range, robust: median/IQR). */
  scaling: z.object({ center: z.number(), scale: z.number().positive() }).optional(),
});

const CategoricalColumnSchema = z.object({
  name: z.string(),
  type: z.literal('categorical'),
  /** Most frequent training value, used for missing cells; null when training had none. */
  mode: z.string().nullable(),
  /** Categories in output order; any other value encodes as all zeros (one-hot) or as the unseen code. */
  categories: z.array(z.string()),
  /**
   * Absent: one-hot. ordinal: one column holding the category's index in `categories`, −1 for an
   * unseen value. native: the same codes for a tabula forest, but a missing or unseen value stays
   * missing (NaN), so each split learns on which side missing values go instead of imputing the mode.
   */
  encoding: z.enum(['ordinal', 'native']).optional(),
  /** max_categories grouped rarer (and, at prediction, unseen) values into one last output: `name=<other>` or code categories.length. */
  other: z.boolean().optional(),
});

export const DATETIME_PARTS = ['year', 'month', 'dayofweek', 'hour'] as const;
export type DatetimePart = (typeof DATETIME_PARTS)[number];

const DatetimeColumnSchema = z.object({
  name: z.string(),
  type: z.literal('datetime'),
  /** The numeric columns the date expands to, in output order; hour only when training cells had times. */
  parts: z.array(z.enum(DATETIME_PARTS)).min(1),
  /** Per part, the training median, used for missing cells. */
  fill: z.array(z.number()),
});

/** The fitted preprocessing: one entry per input feature column, in output order. Saved with the model. */
export const PreprocessorStateSchema = z.object({
  columns: z.array(z.discriminatedUnion('type', [NumericColumnSchema, CategoricalColumnSchema, DatetimeColumnSchema])).min(1),
});
export type PreprocessorState = z.infer<typeof PreprocessorStateSchema>;
export type ColumnState = PreprocessorState['columns'][number];
export type NumericColumnState = z.infer<typeof NumericColumnSchema>;
export type CategoricalColumnState = z.infer<typeof CategoricalColumnSchema>;
export type DatetimeColumnState = z.infer<typeof DatetimeColumnSchema>;

/** The label of the output that rare categories share under max_categories. */
export const OTHER_OUTPUT = '<other>';

/**
 * Names of the columns of the transformed matrix: a numeric or coded column keeps its name, a
 * one-hot category becomes `column=value` (and `column=<other>`), a date part `column.year`.
 */
export function expandFeatureNames(state: PreprocessorState): string[] {
  return state.columns.flatMap((column): string[] => {
    if (column.type === 'numeric') return [column.name];
    if (column.type === 'datetime') return column.parts.map((part) => `${column.name}.${part}`);
    if (column.encoding !== undefined) return [column.name];
    const names = column.categories.map((category) => `${column.name}=${category}`);
    return column.other === true ? [...names, `${column.name}=${OTHER_OUTPUT}`] : names;
  });
}

/** How many matrix columns one input column becomes. */
export function outputWidth(column: ColumnState): number {
  if (column.type === 'numeric') return 1;
  if (column.type === 'datetime') return column.parts.length;
  if (column.encoding !== undefined) return 1;
  return column.categories.length + (column.other === true ? 1 : 0);
}

/** The input columns a model needs and their types. */
export function describeFeatures(state: PreprocessorState): FeatureSpec[] {
  return state.columns.map(({ name, type }) => ({ name, type }));
}
