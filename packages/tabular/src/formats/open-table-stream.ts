import { unsupportedFileFormat, type CsvDialect, type DatasetFormat, type FormatLimits, type TableFormatType } from '@tabula/contracts';
import type { Frame } from '../frame.js';
import { decompressBytes } from './decompress-bytes.js';
import { peekBytes, type PeekedBytes } from './peek-bytes.js';
import { readJsonArrayFrame, readNdjsonFrames } from './read-json-table.js';
import { parquetFileBuffer, readParquetFrames } from './read-parquet-frames.js';
import { SNIFF_BYTES, sniffCompression, sniffTableFormat } from './sniff-format.js';
import type { TableLimits } from './table-limits.js';
import { prepareCsvText } from './text/prepare-csv-text.js';

/** An uploaded file: its bytes, and where it was spooled when it was (Parquet is read from the file by ranges). */
export interface TableSource {
  /** Opens the bytes; called once. */
  open(): AsyncIterable<Uint8Array>;
  /** The spooled file, when there is one. */
  path?: string;
}

export interface OpenTableOptions {
  /** The parts of the CSV dialect the caller forces (the csv_options form field), passed on to prepareCsvText. */
  overrides?: Partial<CsvDialect>;
  /** The input_format field: how to read the file, whatever its content looks like. */
  forced?: TableFormatType;
  /** MAX_DECOMPRESSED_MB and MAX_JSON_ARRAY_MB. */
  formatLimits: FormatLimits;
  /** Row, column and value caps of JSON, NDJSON and Parquet frames (a CSV's are checked by its own reader). */
  limits?: TableLimits;
  /** Rows per frame handed on (NDJSON batches, slices of a Parquet row group); default 8192. */
  batchRows?: number;
}

/** A CSV goes on as UTF-8 text with its dialect (to the CSV block reader); the other formats as frames. */
export type TableStream =
  | { kind: 'csv'; format: DatasetFormat; dialect: CsvDialect; text: AsyncIterable<Uint8Array> }
  | {
      kind: 'frames';
      format: DatasetFormat;
      frames: AsyncIterable<Frame>;
      /**
       * Set for a Parquet file spooled to disk: a caller may read it by ranges itself (planParquetRanges,
       * readParquetRange) instead of taking `frames`, which then open nothing.
       */
      parquetPath?: string;
    };

const DEFAULT_BATCH_ROWS = 8192;

/**
 * The one entry of every upload path: sniffs the compression and the format from the first bytes
 * (never the file name), unpacks as it goes, and hands a CSV on as text (so CSV keeps its fast block
 * path) and JSON, NDJSON and Parquet as frames of at most batchRows rows. A gzip- or zstd-compressed
 * Parquet file is refused: Parquet compresses its own pages and must be read by ranges.
 */
export async function openTableStream(source: TableSource, options: OpenTableOptions): Promise<TableStream> {
  const batchRows = options.batchRows ?? DEFAULT_BATCH_ROWS;
  const limits = options.limits ?? {};
  const raw = await peekBytes(source.open(), SNIFF_BYTES);
  const compression = sniffCompression(raw.head);
  const unpacked = await peekBytes(decompressBytes(raw.stream, compression, { maxBytes: options.formatLimits.maxDecompressedBytes }), SNIFF_BYTES);
  const type = sniffTableFormat(unpacked.head, options.forced);
  const format: DatasetFormat = { type, compression };
  if (type === 'csv') {
    const prepared = await prepareCsvText(unpacked.stream, { overrides: options.overrides });
    return { kind: 'csv', format: { ...format, dialect: prepared.dialect }, dialect: prepared.dialect, text: prepared.text };
  }
  if (type === 'json') {
    const frame = await readJsonArrayFrame(unpacked.stream, { ...limits, maxBytes: options.formatLimits.maxJsonArrayBytes });
    return { kind: 'frames', format, frames: sliceFrames(single(frame), batchRows) };
  }
  if (type === 'ndjson') return { kind: 'frames', format, frames: readNdjsonFrames(unpacked.stream, { ...limits, batchRows }) };
  if (compression !== 'none') {
    throw unsupportedFileFormat(`a ${compression}-compressed Parquet file`, 'Send the .parquet file itself: Parquet compresses its pages (snappy, gzip, zstd) and is read by ranges.');
  }
  if (source.path === undefined) return { kind: 'frames', format, frames: sliceFrames(parquetFromMemory(unpacked, limits, options.formatLimits), batchRows) };
  // The peeked stream is not read on: closing it ends the read of the spooled file it began.
  await unpacked.close();
  return { kind: 'frames', format, frames: sliceFrames(parquetFromFile(source.path, limits), batchRows), parquetPath: source.path };
}

/** Parquet uploaded for a streamed answer and read from the socket: from memory, bounded by MAX_JSON_ARRAY_MB. */
async function* parquetFromMemory(peeked: PeekedBytes, limits: TableLimits, formatLimits: FormatLimits): AsyncGenerator<Frame> {
  const bytes = await readWhole(peeked.stream, formatLimits.maxJsonArrayBytes);
  yield* readParquetFrames(new Uint8Array(bytes).buffer, limits);
}

/** Parquet from the spooled file, by ranges. */
async function* parquetFromFile(path: string, limits: TableLimits): AsyncGenerator<Frame> {
  const file = await parquetFileBuffer(path);
  try {
    yield* readParquetFrames(file, limits);
  } finally {
    await file.close();
  }
}

async function readWhole(stream: AsyncIterable<Uint8Array>, maxBytes: number): Promise<Buffer> {
  const chunks: Uint8Array[] = [];
  let bytes = 0;
  for await (const chunk of stream) {
    bytes += chunk.length;
    if (bytes > maxBytes) {
      throw unsupportedFileFormat(
        `a Parquet file larger than ${Math.round(maxBytes / 1024 / 1024)} MB sent for a streamed answer`,
        'Name the model after the file (or ask for format=json), so the upload is spooled to disk and read by ranges; or raise MAX_JSON_ARRAY_MB.',
      );
    }
    chunks.push(chunk);
  }
  return Buffer.concat(chunks);
}

async function* single(frame: Frame): AsyncGenerator<Frame> {
  yield frame;
}

/** Frames of at most batchRows rows, numbered as the file's rows: a Parquet row group may hold a million. */
async function* sliceFrames(frames: AsyncIterable<Frame>, batchRows: number): AsyncGenerator<Frame> {
  for await (const frame of frames) {
    const firstRow = frame.firstRow ?? 1;
    if (frame.nRows <= batchRows) {
      yield { ...frame, firstRow };
      continue;
    }
    for (let start = 0; start < frame.nRows; start += batchRows) {
      const end = Math.min(frame.nRows, start + batchRows);
      yield { columns: frame.columns, nRows: end - start, values: frame.values.map((column) => column.slice(start, end)), firstRow: firstRow + start };
    }
  }
}
