import { Readable } from 'node:stream';
import { createGunzip } from 'node:zlib';
import { Decompress } from 'fzstd';
import { TabulaError, compressedStreamCorrupt, compressedStreamEndsEarly, decompressedTooLarge, type TableCompression } from '@tabula/contracts';

export interface DecompressOptions {
  /** MAX_DECOMPRESSED_MB in bytes: past it the upload is refused (413), so a zip bomb costs nothing but this much work. */
  maxBytes: number;
}

/**
 * Unpacks a gzip (node:zlib, several members too, as `cat a.gz b.gz` makes) or zstd (fzstd) byte stream
 * as it arrives: memory is a chunk or two, whatever the size. A stream that stops before its end, or
 * bytes the decoder refuses, are a 400 that says so; more than maxBytes unpacked is a 413.
 */
export function decompressBytes(source: AsyncIterable<Uint8Array>, compression: TableCompression, options: DecompressOptions): AsyncIterable<Uint8Array> {
  if (compression === 'none') return source;
  const counted = { bytes: 0 };
  const unpacked = compression === 'gzip' ? gunzip(countBytes(source, counted), counted) : unzstd(countBytes(source, counted), counted);
  return bounded(unpacked, options.maxBytes);
}

async function* countBytes(source: AsyncIterable<Uint8Array>, counted: { bytes: number }): AsyncGenerator<Uint8Array> {
  for await (const chunk of source) {
    counted.bytes += chunk.length;
    yield chunk;
  }
}

async function* bounded(source: AsyncIterable<Uint8Array>, maxBytes: number): AsyncGenerator<Uint8Array> {
  let bytes = 0;
  for await (const chunk of source) {
    bytes += chunk.length;
    if (bytes > maxBytes) throw decompressedTooLarge(maxBytes);
    yield chunk;
  }
}

async function* gunzip(source: AsyncIterable<Uint8Array>, counted: { bytes: number }): AsyncGenerator<Uint8Array> {
  const input = Readable.from(source, { objectMode: false });
  const inflater = createGunzip();
  // The source's own error (a 413 of the spool, a form cut off) reaches the reader below through the inflater.
  input.on('error', (error) => inflater.destroy(error));
  input.pipe(inflater);
  try {
    for await (const chunk of inflater as AsyncIterable<Buffer>) yield chunk;
  } catch (error) {
    throw toGzipError(error, counted.bytes);
  } finally {
    input.destroy();
    inflater.destroy();
  }
}

function toGzipError(error: unknown, bytes: number): unknown {
  if (error instanceof TabulaError) return error;
  const code = (error as { code?: unknown }).code;
  // zlib reports a stream cut short as Z_BUF_ERROR ("unexpected end of file"), damaged bytes as Z_DATA_ERROR.
  if (code === 'Z_BUF_ERROR') return compressedStreamEndsEarly('gzip', bytes);
  // Any other zlib code (Z_STREAM_ERROR, Z_NEED_DICT, …) is also bytes zlib cannot read.
  if (typeof code === 'string' && code.startsWith('Z_')) return compressedStreamCorrupt('gzip', (error as Error).message);
  return error;
}

async function* unzstd(source: AsyncIterable<Uint8Array>, counted: { bytes: number }): AsyncGenerator<Uint8Array> {
  let out: Uint8Array[] = [];
  const decoder = new Decompress((chunk) => {
    out.push(chunk);
  });
  const push = (chunk: Uint8Array, isFinal: boolean) => {
    try {
      decoder.push(chunk, isFinal);
    } catch (error) {
      // fzstd throws plain errors; a final push that leaves a frame open is a cut stream.
      const message = (error as Error).message ?? String(error);
      if (isFinal && /unexpected EOF|EOF/i.test(message)) throw compressedStreamEndsEarly('zstd', counted.bytes);
      throw compressedStreamCorrupt('zstd', message);
    }
  };
  for await (const chunk of source) {
    push(chunk, false);
    if (out.length > 0) {
      const ready = out;
      out = [];
      yield* ready;
    }
  }
  push(new Uint8Array(0), true);
  yield* out;
}
