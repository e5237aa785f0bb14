import { describe, expect, it } from '@jest/globals';
import { splitCsvBlocks } from './csv-blocks.js';
import { countHeaderColumns, withinCsvLimits, type CsvLimits } from './csv-limits.js';

async function rowsPassed(text: string, limits: CsvLimits): Promise<number> {
  let rows = 0;
  async function* source() {
    yield new TextEncoder().encode(text);
  }
  // 8-byte blocks: the row count must add up across blocks.
  for await (const block of withinCsvLimits(splitCsvBlocks(source(), 8), limits)) rows += block.nRows;
  return rows;
}

describe('withinCsvLimits', () => {
  it('should pass a file at the limits', async () => {
    await expect(rowsPassed('a,b\n1,2\n3,4\n5,6\n', { maxRows: 3, maxColumns: 2 })).resolves.toBe(3);
  });

  it('should refuse more rows than MAX_ROWS, counted across blocks', async () => {
    await expect(rowsPassed('a,b\n1,2\n3,4\n5,6\n', { maxRows: 2, maxColumns: 2 })).rejects.toMatchObject({
      code: 'PAYLOAD_TOO_LARGE',
      message: 'The CSV has more than 2 data rows, the limit.',
    });
  });

  it('should refuse more columns than MAX_COLUMNS from the header', async () => {
    await expect(rowsPassed('a,b,c\n1,2,3\n', { maxRows: 10, maxColumns: 2 })).rejects.toMatchObject({
      code: 'PAYLOAD_TOO_LARGE',
      message: 'The CSV has 3 columns; the limit is 2.',
    });
  });

  it('should count header fields, commas inside quotes not splitting one', () => {
    expect(countHeaderColumns('a,b,c\n')).toBe(3);
    expect(countHeaderColumns('"a,1","b ""x"", y",c\r\n')).toBe(3);
    expect(countHeaderColumns('only\n')).toBe(1);
  });
});
