import { jsonObjectField, notPrefilled } from './form-fields.js';
import { z } from './z.js';

/**
 * How a CSV file is written: what the reader needs besides the bytes. Detected from the content
 * (formats/text in @tabula/tabular) unless the csv_options form field forces a part of it, and
 * recorded in the training metadata so that anyone can read the file the same way again.
 */
export const TEXT_ENCODINGS = ['utf-8', 'utf-16le', 'utf-16be', 'latin1', 'windows-1252'] as const;
export const TextEncodingNameSchema = z.enum(TEXT_ENCODINGS);
export type TextEncodingName = z.infer<typeof TextEncodingNameSchema>;

export const CsvDialectSchema = z.object({
  /** One character: ',' ';' '\t' or '|' when detected; csv_options may force another. */
  delimiter: z.string().length(1),
  /** The quote character, or null for a file read without quoting. */
  quote: z.string().length(1).nullable(),
  /** The decimal separator of numbers: ',' only with a delimiter other than ','. */
  decimal: z.enum(['.', ',']),
  /** The file's encoding; the parser is always handed UTF-8 (formats/text transcodes). */
  encoding: TextEncodingNameSchema,
  /**
   * Cell texts read as missing, compared after trimming; null means the default tokens ('', NA, N/A, NaN, null,
   * None). An array is the whole list: csv_options' na_values are added to the defaults before they land here.
   */
  naValues: z.array(z.string()).nullable(),
});
export type CsvDialect = z.infer<typeof CsvDialectSchema>;

/** Today's reading: comma-separated UTF-8 with double quotes and decimal points. */
export const DEFAULT_CSV_DIALECT: Readonly<CsvDialect> = Object.freeze({
  delimiter: ',',
  quote: '"',
  decimal: '.',
  encoding: 'utf-8',
  naValues: null,
});

/** Labels people write for the encodings we read, as Python and iconv spell them; matched without case. */
const ENCODING_ALIASES: Readonly<Record<string, TextEncodingName>> = {
  'utf-8': 'utf-8',
  utf8: 'utf-8',
  'utf-8-sig': 'utf-8',
  'utf-16le': 'utf-16le',
  'utf-16-le': 'utf-16le',
  'utf-16be': 'utf-16be',
  'utf-16-be': 'utf-16be',
  latin1: 'latin1',
  'latin-1': 'latin1',
  'iso-8859-1': 'latin1',
  'windows-1252': 'windows-1252',
  cp1252: 'windows-1252',
};
const ENCODINGS_ACCEPTED = `${TEXT_ENCODINGS.join(', ')} (also utf8, latin-1, iso-8859-1, cp1252)`;
/** Characters that cannot separate cells or quote them: they end lines, or they are the quote/decimal itself. */
const LINE_END_CHARS = ['\r', '\n'];

const oneChar = (what: string) =>
  z
    .string({ message: `must be one character as a JSON string, e.g. ${what}` })
    .refine((text) => [...text].length === 1, { message: `must be exactly one character, e.g. ${what}` })
    .refine((text) => !LINE_END_CHARS.includes(text), { message: 'cannot be a line break (CR or LF)' });

/**
 * The csv_options object: each key given forces that part of the dialect; the rest is detected.
 * Unknown keys are refused, so a misspelt key cannot silently be ignored.
 */
export const CsvDialectOptionsSchema = z
  .strictObject(
    {
      delimiter: oneChar('";" or "\\t"').refine((text) => text !== '"', { message: 'cannot be the quote character "' }).optional(),
      quote: oneChar('"\\"" or "\'"').nullable().optional(),
      decimal: z.enum(['.', ','], { message: 'must be "." or ","' }).optional(),
      encoding: z
        .string({ message: `must be one of ${ENCODINGS_ACCEPTED}` })
        .transform((label, ctx) => {
          const name = ENCODING_ALIASES[label.trim().toLowerCase()];
          if (name === undefined) ctx.addIssue({ code: 'custom', message: `must be one of ${ENCODINGS_ACCEPTED}; got ${JSON.stringify(label.slice(0, 40))}` });
          return name ?? 'utf-8';
        })
        .optional(),
      /** Added to the default missing tokens, as pandas' na_values are (keep_default_na=True). */
      na_values: z.array(z.string({ message: 'must be strings, e.g. ["-", "n/a"]' }), { message: 'must be an array of strings, e.g. ["-", "n/a"]' }).max(100, { message: 'may list at most 100 values' }).optional(),
    },
    { error: (issue) => (issue.code === 'unrecognized_keys' ? `has no key ${issue.keys.map((k) => JSON.stringify(k)).join(', ')}; the keys are delimiter, quote, decimal, encoding, na_values` : undefined) },
  )
  .superRefine((options, ctx) => {
    if (options.decimal === ',' && options.delimiter === ',') {
      ctx.addIssue({ code: 'custom', path: ['decimal'], message: 'cannot be "," when the delimiter is ","; use a ";" delimiter with decimal commas' });
    }
    if (options.quote !== undefined && options.quote !== null && options.quote === options.delimiter) {
      ctx.addIssue({ code: 'custom', path: ['quote'], message: 'cannot be the delimiter too' });
    }
  });
export type CsvDialectOptions = z.infer<typeof CsvDialectOptionsSchema>;

/**
 * The csv_options form field: a JSON object as text (multipart) or an object (JSON bodies); blank
 * means none, so the dialect is detected whole. Parsed to undefined when not given.
 */
export const CsvOptionsFieldSchema = z
  .preprocess((value) => (typeof value === 'string' && value.trim() === '' ? undefined : value), jsonObjectField('{"delimiter": ";", "decimal": ","}').pipe(CsvDialectOptionsSchema).optional())
  .openapi({
    type: 'string',
    ...notPrefilled(
      'How the CSV is written, as a JSON object; each key given overrides detection, e.g. {"delimiter": ";", "decimal": ",", "encoding": "latin1", "na_values": ["-"]}. ' +
        `Keys: delimiter (one character), quote (one character, or null), decimal ("." or ","), encoding (${TEXT_ENCODINGS.join(', ')}), ` +
        'na_values (strings read as missing, added to the defaults). Empty: detected from the file',
    ),
  });
