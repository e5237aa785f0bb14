import { Readable } from 'node:stream';
import type { CsvDialect } from '@tabula/contracts';
import { decodeToUtf8 } from './decode-to-utf8.js';
import { detectDialect } from './detect-dialect.js';
import { readSepLine } from './read-sep-line.js';
import { sniffEncoding } from './sniff-encoding.js';

export interface PreparedCsvText {
  /** The dialect to parse with: detected from the first bytes, with csv_options' parts forced. */
  dialect: CsvDialect;
  /** The text as UTF-8 bytes, whatever the file's encoding, without a byte order mark. */
  text: AsyncIterable<Uint8Array>;
  /** The parts of `dialect` the caller forced; the others were detected. */
  forced: Array<keyof CsvDialect>;
  /** Forced parts the file contradicts, in words (the file is still read as forced): for the answer, the metadata or the log. */
  warnings: string[];
}

export interface PrepareCsvTextOptions {
  /** The parts of the dialect the caller forces (the csv_options form field, see dialectOverridesOf). */
  overrides?: Partial<CsvDialect>;
  /** UTF-8 bytes the dialect is detected on (default 64 KB); more is read, up to 16 times as much, to hold a whole line. */
  sampleBytes?: number;
}

const DEFAULT_SAMPLE_BYTES = 64 * 1024;
/** A longer first line than sampleBytes × this is judged on what was read: MAX_HEADER_BYTES refuses it later anyway. */
const MAX_SAMPLE_FACTOR = 16;
/** Bytes the encoding is judged on: a BOM, or NULs in every other byte. */
const ENCODING_PROBE_BYTES = 4096;

/**
 * Finds how a text file is written and hands it on as UTF-8, before any CSV parser sees it: the
 * encoding from its first bytes (sniffEncoding), then the delimiter and decimal separator from a
 * UTF-8 sample of its first lines (detectDialect). The rest of the file is decoded as it is read
 * (decodeToUtf8), so memory is the sample plus one chunk. An Excel `sep=X` first line names the delimiter
 * (csv_options' delimiter still wins, with a warning when the two differ) and is emptied. Throws UNSUPPORTED_ENCODING (415),
 * AMBIGUOUS_CSV_DIALECT (422) or INVALID_CSV (binary) when the sample shows it; an encoding fault
 * further on is thrown while `text` is read, naming its byte offset and line.
 *
 * A Readable source is read without being destroyed when reading stops early, so that an upload
 * route can still drain the form and answer a refusal (as splitCsvBlocks reads it).
 */
export async function prepareCsvText(
  source: AsyncIterable<Uint8Array>,
  { overrides = {}, sampleBytes = DEFAULT_SAMPLE_BYTES }: PrepareCsvTextOptions = {},
): Promise<PreparedCsvText> {
  const raw = (source instanceof Readable ? source.iterator({ destroyOnReturn: false }) : source)[Symbol.asyncIterator]();
  const head = await readAtLeast(raw, ENCODING_PROBE_BYTES);
  const sniffed = sniffEncoding(Buffer.concat(head.chunks), overrides.encoding);
  const decoded = decodeToUtf8(chain(head.chunks, raw), { ...sniffed, isForced: overrides.encoding !== undefined })[Symbol.asyncIterator]();
  try {
    const sample = await readSample(decoded, sampleBytes);
    let sampleText: Uint8Array = Buffer.concat(sample.chunks);
    const sepLine = readSepLine(sampleText);
    const warnings: string[] = [];
    let declared: { delimiter: string; by: string } | undefined;
    if (sepLine !== null) {
      sampleText = sepLine.text;
      if (overrides.delimiter === undefined) declared = { delimiter: sepLine.delimiter, by: `the file's first line sep=${sepLine.delimiter}` };
      else if (overrides.delimiter !== sepLine.delimiter) {
        warnings.push(`csv_options forced the delimiter ${JSON.stringify(overrides.delimiter)}, but the file's first line sep=${sepLine.delimiter} names ${JSON.stringify(sepLine.delimiter)}`);
      }
    }
    const detected = detectDialect(Buffer.from(sampleText).toString('utf8'), sample.isWhole, overrides, declared);
    warnings.push(...detected.warnings);
    if (sniffed.foreignBom) warnings.push(`csv_options forced the encoding ${sniffed.encoding}, but the file starts with a ${sniffed.foreignBom} byte order mark`);
    return {
      dialect: { ...detected.dialect, encoding: sniffed.encoding, naValues: overrides.naValues ?? null },
      text: chain(sepLine === null ? sample.chunks : [sampleText], decoded),
      forced: (Object.keys(overrides) as Array<keyof CsvDialect>).filter((key) => overrides[key] !== undefined),
      warnings,
    };
  } catch (error) {
    await decoded.return?.(undefined);
    throw error;
  }
}

interface Head {
  chunks: Uint8Array[];
  /** Whether the source ended within them. */
  isWhole: boolean;
}

/** Chunks from `source` until they hold `minBytes`, or the source ends. */
async function readAtLeast(source: AsyncIterator<Uint8Array>, minBytes: number): Promise<Head> {
  const chunks: Uint8Array[] = [];
  for (let total = 0; total < minBytes; ) {
    const next = await source.next();
    if (next.done) return { chunks, isWhole: true };
    chunks.push(next.value);
    total += next.value.length;
  }
  return { chunks, isWhole: false };
}

/** Decoded chunks until they hold `sampleBytes` and a line end, or 16 × sampleBytes, or the whole file. */
async function readSample(decoded: AsyncIterator<Uint8Array>, sampleBytes: number): Promise<Head> {
  const chunks: Uint8Array[] = [];
  let total = 0;
  let hasLineEnd = false;
  while (total < sampleBytes || (!hasLineEnd && total < sampleBytes * MAX_SAMPLE_FACTOR)) {
    const next = await decoded.next();
    if (next.done) return { chunks, isWhole: true };
    chunks.push(next.value);
    total += next.value.length;
    hasLineEnd ||= next.value.includes(0x0a) || next.value.includes(0x0d);
  }
  return { chunks, isWhole: false };
}

/** The chunks already read, then the rest of the iterator; stopping early returns the iterator. */
async function* chain(head: Uint8Array[], rest: AsyncIterator<Uint8Array>): AsyncGenerator<Uint8Array> {
  yield* head;
  yield* { [Symbol.asyncIterator]: () => rest };
}
