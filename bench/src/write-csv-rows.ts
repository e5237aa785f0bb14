import { createWriteStream } from 'node:fs';
import { once } from 'node:events';

/** A CSV written by the bench: where, how many data rows, how many bytes. */
export interface WrittenCsv {
  path: string;
  rows: number;
  bytes: number;
}

const CHUNK_CHARS = 1 << 20;

/** Where a written file stops: after this many data rows, or before it would pass this many bytes (whichever first). */
export interface CsvSize {
  rows?: number;
  bytes?: number;
}

/**
 * Streams `header` and then lines from `lineOf(row)` to disk in 1 MB chunks, waiting for 'drain', so that a file of
 * gigabytes costs no more memory than one chunk. Lines are ASCII, so characters count bytes.
 */
export async function writeCsvRows(path: string, header: string, size: CsvSize, lineOf: (row: number) => string): Promise<WrittenCsv> {
  const maxRows = size.rows ?? Number.POSITIVE_INFINITY;
  const maxBytes = size.bytes ?? Number.POSITIVE_INFINITY;
  if (!Number.isFinite(maxRows) && !Number.isFinite(maxBytes)) throw new Error('give rows or bytes');
  const out = createWriteStream(path);
  let chunk = `${header}\n`;
  let bytes = 0;
  let row = 0;
  for (; row < maxRows && bytes + chunk.length < maxBytes; row++) {
    chunk += `${lineOf(row)}\n`;
    if (chunk.length >= CHUNK_CHARS) {
      bytes += chunk.length;
      if (!out.write(chunk)) await once(out, 'drain');
      chunk = '';
    }
  }
  bytes += chunk.length;
  out.end(chunk);
  await once(out, 'close');
  return { path, rows: row, bytes };
}

/** Megabytes (MiB) with one decimal, for tables. */
export const mb = (bytes: number): string => (bytes / 2 ** 20).toFixed(1);
