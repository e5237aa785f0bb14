import { z, type FeatureSpec } from '@tabula/contracts';

const NumericColumnSchema = z.object({
  name: z.string(),
  type: z.literal('numeric'),
  /** Training median, used for missing cells. */
  median: z.number(),
});

const CategoricalColumnSchema = z.object({
  name: z.string(),
  type: z.literal('categorical'),
  /** Most frequent training value, used for missing cells; null when training had none. */
  mode: z.string().nullable(),
  /** One-hot categories in output order; any other value encodes as all zeros. */
  categories: z.array(z.string()),
});

/** The fitted preprocessing: one entry per input feature column, in output order. Saved with the model. */
export const PreprocessorStateSchema = z.object({
  columns: z.array(z.discriminatedUnion('type', [NumericColumnSchema, CategoricalColumnSchema])).min(1),
});
export type PreprocessorState = z.infer<typeof PreprocessorStateSchema>;
export type ColumnState = PreprocessorState['columns'][number];

/** Names of the columns of the transformed matrix: a numeric column keeps its name, a category becomes `column=value`. */
export function expandFeatureNames(state: PreprocessorState): string[] {
  return state.columns.flatMap((column) =>
    column.type === 'numeric' ? [column.name] : column.categories.map((category) => `${column.name}=${category}`),
  );
}

/** The input columns a model needs and their inferred types. */
export function describeFeatures(state: PreprocessorState): FeatureSpec[] {
  return state.columns.map(({ name, type }) => ({ name, type }));
}
