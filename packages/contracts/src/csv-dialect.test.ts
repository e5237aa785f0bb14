import { describe, expect, it } from '@jest/globals';
import { CsvDialectSchema, CsvOptionsFieldSchema, DEFAULT_CSV_DIALECT } from './csv-dialect.js';
import { PredictFormSchema, TrainFormSchema } from './forms.js';
import { DriftFormSchema, PerformanceFormSchema } from './monitoring.js';

const issuesOf = (value: unknown) =>
  (CsvOptionsFieldSchema.safeParse(value).error?.issues ?? []).map((issue) => [issue.path.join('.'), issue.message]);

describe('CsvOptionsFieldSchema (the csv_options form field)', () => {
  it('should read a JSON object of the parts to force, from text or as an object', () => {
    const text = '{"delimiter": ";", "decimal": ",", "encoding": "latin1", "na_values": ["NA", "-"]}';
    const expected = { delimiter: ';', decimal: ',', encoding: 'latin1', na_values: ['NA', '-'] };
    expect(CsvOptionsFieldSchema.parse(text)).toEqual(expected);
    expect(CsvOptionsFieldSchema.parse(expected)).toEqual(expected);
    expect(CsvOptionsFieldSchema.parse('{"delimiter": "\\t", "quote": null}')).toEqual({ delimiter: '\t', quote: null });
  });

  it('should read blank or absent as nothing forced', () => {
    for (const blank of [undefined, '', '  ']) expect(CsvOptionsFieldSchema.parse(blank)).toBeUndefined();
    expect(CsvOptionsFieldSchema.parse('{}')).toEqual({});
  });

  it('should accept the usual spellings of an encoding and keep one name for each', () => {
    expect(['UTF8', 'utf-8-sig', 'ISO-8859-1', 'Latin-1', 'cp1252', 'UTF-16LE'].map((encoding) => CsvOptionsFieldSchema.parse({ encoding })?.encoding)).toEqual([
      'utf-8',
      'utf-8',
      'latin1',
      'latin1',
      'windows-1252',
      'utf-16le',
    ]);
  });

  it.each([
    [{ delimeter: ';' }, '', 'has no key "delimeter"; the keys are delimiter, quote, decimal, encoding, na_values'],
    [{ delimiter: ';;' }, 'delimiter', 'must be exactly one character'],
    [{ delimiter: '\n' }, 'delimiter', 'cannot be a line break'],
    [{ delimiter: '"' }, 'delimiter', 'cannot be the quote character'],
    [{ delimiter: 59 }, 'delimiter', 'must be one character as a JSON string'],
    [{ quote: "''" }, 'quote', 'must be exactly one character'],
    [{ decimal: ';' }, 'decimal', 'must be "." or ","'],
    [{ encoding: 'ebcdic' }, 'encoding', 'must be one of utf-8, utf-16le, utf-16be, latin1, windows-1252'],
    [{ na_values: '-' }, 'na_values', 'must be an array of strings'],
    [{ na_values: [1] }, 'na_values.0', 'must be strings'],
    [{ delimiter: ',', decimal: ',' }, 'decimal', 'cannot be "," when the delimiter is ","'],
    [{ delimiter: "'", quote: "'" }, 'quote', 'cannot be the delimiter too'],
    ['{"delimiter": ";"', '', 'is not valid JSON'],
    ['[";"]', '', 'must be a JSON object'],
  ])('should refuse %j naming the key and what it takes', (value, path, message) => {
    expect(issuesOf(value)).toEqual([[path, expect.stringContaining(message)]]);
  });

  it('should come last in every upload form, and leave the forms as they were when not given', () => {
    for (const schema of [TrainFormSchema, PredictFormSchema, PerformanceFormSchema, DriftFormSchema]) {
      const shape = 'shape' in schema ? schema.shape : (schema as unknown as { def: { schema: { shape: object } } }).def.schema.shape;
      expect(Object.keys(shape).pop()).toBe('csv_options');
    }
    expect(TrainFormSchema.parse({ target_column: 't' }).csv_options).toBeUndefined();
    expect(PredictFormSchema.parse({ csv_options: '{"delimiter": ";"}' }).csv_options).toEqual({ delimiter: ';' });
    expect(PerformanceFormSchema.safeParse({ target_column: 't', csv_options: '{"sep": ";"}' }).error?.issues[0].path).toEqual(['csv_options']);
  });
});

describe('CsvDialectSchema', () => {
  it('should read the default dialect, and a dialect as the training metadata records it', () => {
    expect(CsvDialectSchema.parse(DEFAULT_CSV_DIALECT)).toEqual(DEFAULT_CSV_DIALECT);
    const excel = { delimiter: ';', quote: '"', decimal: ',', encoding: 'windows-1252', naValues: ['', 'NA', '-'] };
    expect(CsvDialectSchema.parse(excel)).toEqual(excel);
    expect(CsvDialectSchema.safeParse({ ...excel, encoding: 'ebcdic' }).success).toBe(false);
  });
});
