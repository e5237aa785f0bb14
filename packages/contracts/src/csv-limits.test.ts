import { describe, expect, it } from '@jest/globals';
import { CsvSizeEnvSchema, csvSizeLimitsOf } from './csv-limits.js';

describe('CsvSizeEnvSchema', () => {
  it('should default both caps to 1 MB and read them from strings', () => {
    expect(csvSizeLimitsOf(CsvSizeEnvSchema.parse({}))).toEqual({ maxHeaderBytes: 1024 * 1024, maxCellBytes: 1024 * 1024 });
    expect(CsvSizeEnvSchema.parse({ MAX_HEADER_BYTES: '65536', MAX_CELL_BYTES: '100' })).toEqual({ MAX_HEADER_BYTES: 65536, MAX_CELL_BYTES: 100 });
  });

  it.each(['0', '-1', '1.5', 'lots'])('should refuse %j as a cap', (value) => {
    expect(CsvSizeEnvSchema.safeParse({ MAX_HEADER_BYTES: value }).success).toBe(false);
    expect(CsvSizeEnvSchema.safeParse({ MAX_CELL_BYTES: value }).success).toBe(false);
  });
});
