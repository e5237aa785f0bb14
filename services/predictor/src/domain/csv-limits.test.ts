import { describe, expect, it } from '@jest/globals';
import { splitCsvBlocks } from '@tabula/tabular';
import { withinCsvLimits, type CsvLimits } from './csv-limits.js';

async function rowsPassed(text: string, caps: Pick<CsvLimits, 'maxRows' | 'maxColumns'>): Promise<number> {
  const limits: CsvLimits = { ...caps, maxHeaderBytes: 1024, maxCellBytes: 1024 };
  let rows = 0;
  async function* source() {
    yield new TextEncoder().encode(text);
  }
  // 8-byte blocks: the row count must add up across blocks.
  for await (const block of withinCsvLimits(splitCsvBlocks(source(), 8, limits), limits)) rows += block.nRows;
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
});
