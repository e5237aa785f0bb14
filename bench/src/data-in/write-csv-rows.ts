import { createWriteStream } from 'node:fs';
import { once } from 'node:events';

/** A CSV written by the bench: where, how many data rows, how many bytes. */
export interface WrittenCsv {
  path: string;
  rows: number;
  bytes: number;
}

const CHUNK_CHARS = 1 << 20;

/**
 * Streams `header` and then `rows` lines from `lineOf(row)` to disk in 1 MB chunks, waiting for 'drain', so that
 * a file of gigabytes costs no more memory than one chunk. Lines are ASCII, so characters count bytes.
 */
export async function writeCsvRows(path: string, header: string, rows: number, lineOf: (row: number) => string): Promise<WrittenCsv> {
  const out = createWriteStream(path);
  let chunk = `${header}\n`;
  let bytes = 0;
  for (let row = 0; row < rows; row++) {
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
  return { path, rows, bytes };
}

/** Megabytes (MiB) with one decimal, for tables. */
export const mb = (bytes: number): string => (bytes / 2 ** 20).toFixed(1);
