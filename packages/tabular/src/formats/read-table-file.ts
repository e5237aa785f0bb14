import { createReadStream } from 'node:fs';
import type { DatasetFormat } from '@tabula/contracts';
import { ByteDigest } from '../byte-digest.js';
import { readCsvChunks, type CsvOptions } from '../csv/parse-csv.js';
import type { Frame } from '../frame.js';
import { openTableStream, type OpenTableOptions } from './open-table-stream.js';
import { concatFrames } from './table-limits.js';

export interface TableFileOptions extends Omit<OpenTableOptions, 'limits'> {
  /** The CSV reader's caps (MAX_ROWS, MAX_COLUMNS, MAX_HEADER_BYTES, MAX_CELL_BYTES, a value cap), applied to every format. */
  limits?: CsvOptions;
}

/** A whole table file with what the training metadata records of it. */
export interface TableFile {
  frame: Frame;
  /** Size and SHA-256 of the file as uploaded (compressed, BOM included): what identifies the dataset. */
  bytes: number;
  sha256: string;
  format: DatasetFormat;
}

/** How a 413 names the file it refuses, by format. */
const SUBJECTS: Record<DatasetFormat['type'], string> = { csv: 'The CSV', json: 'The JSON array', ndjson: 'The NDJSON file', parquet: 'The Parquet file' };

/**
 * Reads an uploaded file whole, in any format openTableStream reads, for the callers that need it all
 * at once (training, monitoring). A CSV goes through the CSV reader as before, so a plain comma-separated
 * UTF-8 file gives the very frame it always did.
 */
export async function readTableFile(path: string, options: TableFileOptions): Promise<TableFile> {
  const { limits = {}, ...open } = options;
  const digest = new ByteDigest();
  const table = await openTableStream({ open: () => digest.tap(createReadStream(path)), path }, { ...open, limits });
  if (table.kind === 'csv') {
    const frame = await readCsvChunks(table.text, { ...limits, dialect: table.dialect });
    return { frame, ...digest.result(), format: table.format };
  }
  const frame = await concatFrames(table.frames, limits, SUBJECTS[table.format.type]);
  if (table.format.type !== 'parquet') return { frame, ...digest.result(), format: table.format };
  // Parquet is read by ranges, not through the hashed stream: its digest is one more read of a compact file.
  const fileDigest = new ByteDigest();
  for await (const _ of fileDigest.tap(createReadStream(path)));
  return { frame, ...fileDigest.result(), format: table.format };
}
