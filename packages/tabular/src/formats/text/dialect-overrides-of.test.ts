import { describe, expect, it } from '@jest/globals';
import { CsvDialectOptionsSchema } from '@tabula/contracts';
import { MISSING_TOKENS } from '../../csv/cell-value.js';
import { dialectOverridesOf } from './dialect-overrides-of.js';

describe('dialectOverridesOf', () => {
  it('should force nothing without csv_options, or with an empty object', () => {
    expect(dialectOverridesOf(undefined)).toEqual({});
    expect(dialectOverridesOf(CsvDialectOptionsSchema.parse({}))).toEqual({});
  });

  it('should force each part given, under the dialect names, a null quote included', () => {
    expect(dialectOverridesOf(CsvDialectOptionsSchema.parse({ delimiter: '|', quote: null, decimal: ',', encoding: 'cp1252' }))).toEqual({
      delimiter: '|',
      quote: null,
      decimal: ',',
      encoding: 'windows-1252',
    });
  });

  it('should add na_values to the default missing tokens, trimmed and once each, as pandas does', () => {
    const { naValues } = dialectOverridesOf(CsvDialectOptionsSchema.parse({ na_values: [' - ', 'NA', 'n/a'] }));
    expect(naValues).toEqual([...MISSING_TOKENS, '-', 'n/a']);
  });
});
