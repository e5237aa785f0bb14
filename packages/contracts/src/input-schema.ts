import { z } from './z.js';

// A version's model signature beyond its feature list, as MLflow's ModelSignature and input example:
// what each input column must hold, and a few training rows to show a caller the shape of a request.

/**
 * The kinds of input column. Training emits numeric and categorical today; boolean and datetime are
 * declared so that a preprocessing that produces them (issue 15's date columns) only adds a rule for
 * them in tabular's checkRecords, whose table of rules is keyed by this list and fails to compile
 * without one.
 */
export const INPUT_COLUMN_TYPES = ['numeric', 'categorical', 'boolean', 'datetime'] as const;
export const InputColumnTypeSchema = z.enum(INPUT_COLUMN_TYPES);
export type InputColumnType = z.infer<typeof InputColumnTypeSchema>;

/** Categories listed per categorical column; a column with more keeps the count and the first ones (sorted). */
export const MAX_SCHEMA_CATEGORIES = 100;
/** Training rows stored as the input example. */
export const INPUT_EXAMPLE_ROWS = 3;

export const InputColumnSchema = z
  .object({
    name: z.string(),
    type: InputColumnTypeSchema,
    /**
     * false when training had missing values in the column: the model imputes them (median, most
     * frequent), so a record may leave it out. true when every training row had a value.
     */
    required: z.boolean(),
    /** Categorical: the values training saw, sorted, at most MAX_SCHEMA_CATEGORIES. */
    categories: z.array(z.string()).max(MAX_SCHEMA_CATEGORIES).optional(),
    /** Categorical: how many distinct values training saw; more than categories holds means the list is cut. */
    n_categories: z.number().int().min(0).optional(),
    /** Numeric: the smallest and largest value training saw (a value outside is scored, with a warning). */
    min: z.number().optional(),
    max: z.number().optional(),
  })
  .openapi('InputColumn');
export type InputColumn = z.infer<typeof InputColumnSchema>;

export const InputSchemaSchema = z
  .object({ columns: z.array(InputColumnSchema) })
  .openapi('InputSchema', {
    example: { columns: [{ name: 'sepal.length', type: 'numeric', required: true, min: 4.3, max: 7.9 }] },
  });
export type InputSchema = z.infer<typeof InputSchemaSchema>;

const ExampleCellSchema = z.union([z.string(), z.number(), z.boolean(), z.null()]);
/** Training rows as records of the input columns (numbers as numbers, missing as null). */
export const InputExampleSchema = z
  .array(z.record(z.string(), ExampleCellSchema))
  .openapi('InputExample', { example: [{ 'sepal.length': 5.1, 'sepal.width': 3.5, 'petal.length': 1.4, 'petal.width': 0.2 }] });
export type InputExample = z.infer<typeof InputExampleSchema>;

/** strict: a record that breaks the schema is refused (422, every offending field listed); warn: it is scored and the findings come back. */
export const SCHEMA_ENFORCEMENTS = ['strict', 'warn'] as const;
export const SchemaEnforcementSchema = z.enum(SCHEMA_ENFORCEMENTS, { message: 'must be strict or warn' });
export type SchemaEnforcement = z.infer<typeof SchemaEnforcementSchema>;

/** What a schema check can find in a record. */
export const SCHEMA_RULES = ['missing_value', 'wrong_type', 'unknown_category', 'out_of_range', 'unknown_column'] as const;
export type SchemaRule = (typeof SCHEMA_RULES)[number];

/** One offending field: its 1-based row (absent when the finding is about a column of the whole input), column and rule. */
export const SchemaWarningSchema = z
  .object({
    row: z.number().int().min(1).optional(),
    column: z.string(),
    rule: z.enum(SCHEMA_RULES),
    message: z.string(),
  })
  .openapi('SchemaWarning', { example: { row: 2, column: 'sepal.width', rule: 'out_of_range', message: '12 is above the largest value seen in training (4.4)' } });
export type SchemaWarning = z.infer<typeof SchemaWarningSchema>;
