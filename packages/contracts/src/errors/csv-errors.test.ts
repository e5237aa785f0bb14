import { describe, expect, it } from '@jest/globals';
import { cellTooLarge, headerTooLarge, tooManyColumns } from './csv-errors.js';

describe('the CSV cap errors', () => {
  it('should be 413s naming the cap in its largest whole unit and the setting that raises it', () => {
    expect(headerTooLarge(1024 * 1024)).toMatchObject({ code: 'PAYLOAD_TOO_LARGE', status: 413, message: expect.stringContaining('1 MB, the limit (MAX_HEADER_BYTES)') });
    expect(headerTooLarge(65536).message).toContain('64 KB');
    expect(cellTooLarge(1000, 7, 3).message).toBe('The cell in column 3 of line 7 is longer than 1000 bytes, the limit (MAX_CELL_BYTES).');
    expect(cellTooLarge(1000, 7, 3).hint).toContain('MAX_CELL_BYTES');
  });

  it('should give an exact column count, or the count so far when the header was refused before its end', () => {
    expect(tooManyColumns(6, 5).message).toBe('The CSV has 6 columns; the limit is 5.');
    expect(tooManyColumns(9363, 2000, false).message).toBe('The CSV has at least 9363 columns; the limit is 2000.');
    expect(tooManyColumns(6, 5).details).toEqual([{ path: 'MAX_COLUMNS', message: '6 > 5' }]);
  });
});
