import { JSON_MAX_DEPTH, parseJsonBounded } from './bounded-json.js';
import { isTabulaError } from './errors/tabula-error.js';
import { z } from './z.js';

/** Multipart fields arrive as strings; an empty one means "not given", as in the original API. */
export const blankToUndefined = (value: unknown) =>
  typeof value === 'string' && value.trim() === '' ? undefined : value;

/** A form field that may be left blank: blank reads as not given, so the schema's default applies. */
export const blankable = <T extends z.ZodType>(schema: T) => z.preprocess(blankToUndefined, schema);

/**
 * OpenAPI metadata of an optional field that has no default value: its examples go in the
 * description, and its `example` is blank. Swagger UI's "Try it out" pre-fills every form field
 * (with its example, else its default, else a sample of its type: an integer's maximum, `true`,
 * "string", and "null" for a null default) and sends what it shows; a blank field is not sent, so
 * Execute sends only what the user typed. Blank means "not given" to the services too.
 */
export const notPrefilled = (description: string) => ({ description, example: '' });

/**
 * A form field's JSON text, read with the depth bound (see bounded-json.ts); text that is not JSON,
 * or nests too deeply, becomes an issue on the field.
 */
function parseJsonField(text: string, ctx: z.RefinementCtx, describeSyntaxError: (error: Error) => string): unknown {
  try {
    return parseJsonBounded(text);
  } catch (error) {
    const message = isTabulaError(error)
      ? `nests arrays and objects more than ${JSON_MAX_DEPTH} levels deep; send flat JSON such as {"n_estimators": 100} or ["a","b"]`
      : describeSyntaxError(error as Error);
    ctx.addIssue({ code: 'custom', message });
    return z.NEVER;
  }
}

/**
 * A list of column names, given as a JSON array (`["a","b"]`), a comma-separated list (`a,b`), or
 * empty. Accepts an array too, for JSON bodies.
 */
export const ColumnListSchema = z
  .preprocess((value, ctx) => {
    if (value === undefined || value === null) return [];
    if (Array.isArray(value)) return value;
    if (typeof value !== 'string') return value;
    const text = value.trim();
    if (text === '' || text === '[]') return [];
    if (text.startsWith('[')) return parseJsonField(text, ctx, () => 'looks like a JSON array but does not parse; send ["a","b"] or a,b');
    return text.split(',').map((name) => name.trim()).filter((name) => name !== '');
  }, z.array(z.string({ message: 'column names must be strings' }).min(1)))
  .openapi({ type: 'string', ...notPrefilled('Columns to leave out, as a JSON array such as ["id","name"] or a comma-separated list id,name; empty: none') });

/**
 * A JSON object given as text (multipart) or as an object (JSON bodies); `example` is what its
 * errors show, so a bad csv_options is not told to look like model_params.
 */
export const jsonObjectField = (example: string) =>
  z
    .preprocess((value, ctx) => {
      if (value === undefined || value === null) return {};
      if (typeof value !== 'string') return value;
      const text = value.trim();
      if (text === '') return {};
      return parseJsonField(text, ctx, (error) => `is not valid JSON (${error.message}); send an object such as ${example}`);
    }, z.record(z.string(), z.unknown(), { message: `must be a JSON object such as ${example}` }))
    .openapi({ type: 'string', example: '{}' });

/** model_params' JSON object field, and the one most fields take. */
export const JsonObjectFieldSchema = jsonObjectField('{"n_estimators": 100}');

/** "true"/"false"/"1"/"0"/"yes"/"no", or a boolean. */
export const BooleanFieldSchema = z.preprocess((value) => {
  if (typeof value !== 'string') return value;
  const text = value.trim().toLowerCase();
  if (['true', '1', 'yes'].includes(text)) return true;
  if (['false', '0', 'no', ''].includes(text)) return false;
  return value;
}, z.boolean({ message: 'must be true or false' }));
