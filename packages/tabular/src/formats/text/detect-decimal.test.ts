import { describe, expect, it } from '@jest/globals';
import type { TabulaError } from '@tabula/contracts';
import { catchError } from '../../test-fixtures/catch-error.js';
import { detectDecimal } from './detect-decimal.js';

/** Records as splitSampleRecords gives them: a header, then one record per row. */
const recordsOf = (...rows: string[][]) => [['a', 'b'], ...rows];

describe('detectDecimal', () => {
  it.each([
    [[['3,14', '1'], ['-0,5', '2']]],
    [[[',5', 'x'], ['1,5e3', 'y']]],
    [[['1.234,5', '7']]],
    [[['1.234.567', '7']]],
    [[['1,500', '2,25']]],
  ])('should find a decimal comma in %j', (rows) => {
    expect(detectDecimal(recordsOf(...rows), ';')).toBe(',');
  });

  it.each([
    [[['3.14', '1'], ['-.5', '2']]],
    [[['1,234.5', '7']]],
    [[['1,234,567', '7']]],
    [[['1,500', '2.25']]],
    [[['1', '2'], ['text', 'NA']]],
    [[['1.500', '2']]],
  ])('should keep the decimal point in %j', (rows) => {
    expect(detectDecimal(recordsOf(...rows), '\t')).toBe('.');
  });

  it('should not read the header, whose names may look like numbers', () => {
    expect(detectDecimal([['1,5', '2,5'], ['1', '2']], ';')).toBe('.');
  });

  it('should refuse cells that use both separators, naming one of each', () => {
    const error = catchError(() => detectDecimal(recordsOf(['3,14', '2.5']), ';')) as TabulaError;
    expect(error).toMatchObject({ code: 'AMBIGUOUS_CSV_DIALECT', status: 422 });
    expect(error.message).toBe(
      'The decimal separator of this semicolon (";")-separated file is ambiguous: cells such as "3,14" use a decimal comma and cells such as "2.5" a decimal point.',
    );
    expect(error.hint).toContain(`--form-string 'csv_options={"delimiter":";","decimal":","}'`);
  });

  it('should refuse commas that could group thousands as well as mark decimals, when nothing else says', () => {
    const error = catchError(() => detectDecimal(recordsOf(['1,500', '7'], ['12,000', '8']), ';')) as TabulaError;
    expect(error.message).toContain('"1,500" could be 1.5 or 1500, and no other number says which');
  });
});
