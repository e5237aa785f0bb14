import { z } from './z.js';

const MB = 1024 * 1024;

/**
 * Settings that bound the parts of a CSV the reader must hold whole before it can judge them: the
 * header line (read before any row) and one cell (a string in memory). Both are checked on the raw
 * bytes as they arrive, so a file past them is refused before that memory is spent. The trainer and
 * the predictor read them from the environment through this one schema.
 */
export const CsvSizeEnvSchema = z.object({
  /**
   * Bytes of the header line. 1 MB holds 2,000 columns (MAX_COLUMNS' default) with names of 500
   * bytes each; it is also what the predictor accepted as a first line before this setting, and
   * each block of a scored upload (256 KB) carries the header, so a larger one mostly costs time.
   */
  MAX_HEADER_BYTES: z.coerce.number().int().positive().default(MB),
  /**
   * Bytes of one cell as sent (quotes included). A cell is one value: 1 MB is eight times the
   * largest cell a spreadsheet exports (Excel's 32,767 characters, at most 4 bytes each in UTF-8),
   * and far below the 512 MB past which V8 cannot hold a string at all.
   */
  MAX_CELL_BYTES: z.coerce.number().int().positive().default(MB),
});
export type CsvSizeEnv = z.infer<typeof CsvSizeEnvSchema>;

export interface CsvSizeLimits {
  maxHeaderBytes: number;
  maxCellBytes: number;
}

export const csvSizeLimitsOf = (env: CsvSizeEnv): CsvSizeLimits => ({
  maxHeaderBytes: env.MAX_HEADER_BYTES,
  maxCellBytes: env.MAX_CELL_BYTES,
});
