import { jsonArrayTooLarge, invalidJsonTable } from '@tabula/contracts';
import { frameFromRecords, type Frame } from '../frame.js';
import { checkTableLimits, type TableLimits } from './table-limits.js';

export interface JsonArrayOptions extends TableLimits {
  /** MAX_JSON_ARRAY_MB in bytes: the array is parsed whole, so its text is bounded. */
  maxBytes: number;
}

export interface NdjsonOptions extends TableLimits {
  /** Records per frame handed on (default 8192): memory is one batch of records. */
  batchRows?: number;
}

const DEFAULT_BATCH_ROWS = 8192;

/**
 * A JSON array of records (`[{"a": 1}, …]`) as one frame, read as frameFromRecords reads a
 * predict_batch body, so JSON and CSV agree. The text is parsed whole (JSON.parse), bounded by
 * maxBytes: past it the 413 suggests NDJSON, which is read line by line.
 */
export async function readJsonArrayFrame(source: AsyncIterable<Uint8Array>, options: JsonArrayOptions): Promise<Frame> {
  const chunks: Uint8Array[] = [];
  let bytes = 0;
  for await (const chunk of source) {
    bytes += chunk.length;
    if (bytes > options.maxBytes) throw jsonArrayTooLarge(options.maxBytes);
    chunks.push(chunk);
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(Buffer.concat(chunks)));
  } catch (error) {
    throw invalidJsonTable(`The JSON array could not be parsed: ${(error as Error).message}.`, { cause: error });
  }
  if (!Array.isArray(parsed)) throw invalidJsonTable(`The file holds a JSON ${describeKind(parsed)}, not an array of records.`);
  if (parsed.length === 0) throw invalidJsonTable('The JSON array is empty: it holds no records.');
  parsed.forEach((record, idx) => checkRecord(record, `record ${idx + 1}`));
  const frame = frameFromRecords(parsed as Array<Record<string, unknown>>);
  checkTableLimits(frame.nRows, frame.columns.length, options, 'The JSON array');
  return frame;
}

/**
 * NDJSON (one JSON object per line; blank lines skipped) as frames of batchRows records, each naming its
 * first row as the file does. A line that is not an object, or holds a nested value, is a 400 naming
 * its line number; memory is one batch and one line.
 */
export async function* readNdjsonFrames(source: AsyncIterable<Uint8Array>, options: NdjsonOptions = {}): AsyncGenerator<Frame> {
  const batchRows = options.batchRows ?? DEFAULT_BATCH_ROWS;
  const decoder = new TextDecoder('utf-8', { fatal: true });
  let batch: Array<Record<string, unknown>> = [];
  let firstRow = 1;
  let nRows = 0;
  let lineNo = 0;
  let pending = '';
  const takeLine = (line: string) => {
    lineNo++;
    if (line.trim() === '') return;
    let record: unknown;
    try {
      record = JSON.parse(line);
    } catch (error) {
      throw invalidJsonTable(`NDJSON line ${lineNo} is not valid JSON: ${(error as Error).message}.`, {
        details: [{ path: `line ${lineNo}`, message: 'not valid JSON' }],
      });
    }
    checkRecord(record, `NDJSON line ${lineNo}`);
    batch.push(record as Record<string, unknown>);
    nRows++;
  };
  const flush = (): Frame => {
    const frame = { ...frameFromRecords(batch), firstRow };
    checkTableLimits(nRows, frame.columns.length, options, 'The NDJSON file');
    firstRow += batch.length;
    batch = [];
    return frame;
  };
  for await (const chunk of source) {
    pending += decodeChunk(decoder, chunk, lineNo);
    let start = 0;
    for (let end = pending.indexOf('\n'); end !== -1; end = pending.indexOf('\n', start)) {
      takeLine(pending.slice(start, end));
      start = end + 1;
      if (batch.length >= batchRows) yield flush();
    }
    pending = pending.slice(start);
  }
  pending += decodeChunk(decoder, undefined, lineNo);
  if (pending !== '') takeLine(pending);
  if (batch.length > 0) yield flush();
  if (nRows === 0) throw invalidJsonTable('The NDJSON file holds no records.');
}

function decodeChunk(decoder: InstanceType<typeof TextDecoder>, chunk: Uint8Array | undefined, lineNo: number): string {
  try {
    return chunk === undefined ? decoder.decode() : decoder.decode(chunk, { stream: true });
  } catch {
    throw invalidJsonTable(`The JSON text is not valid UTF-8 (after line ${lineNo}).`, { hint: 'Save the file as UTF-8; JSON is read as UTF-8 only.' });
  }
}

/** A record must be an object of scalars (a cell each): the error names where, as `where` says. */
function checkRecord(record: unknown, where: string): void {
  if (record === null || typeof record !== 'object' || Array.isArray(record)) {
    throw invalidJsonTable(`${capitalize(where)} is ${describeKind(record)}, not an object.`, { details: [{ path: where, message: 'not an object' }] });
  }
  for (const [key, value] of Object.entries(record)) {
    if (value !== null && typeof value === 'object') {
      throw invalidJsonTable(`${capitalize(where)}, field "${key}", holds ${describeKind(value)}; a cell must be a string, number, boolean or null.`, {
        details: [{ path: `${where}.${key}`, message: `${describeKind(value)} is not a cell` }],
      });
    }
  }
}

const capitalize = (text: string) => text.charAt(0).toUpperCase() + text.slice(1);

function describeKind(value: unknown): string {
  if (Array.isArray(value)) return 'an array';
  if (value === null) return 'null';
  return typeof value === 'object' ? 'an object' : `a ${typeof value}`;
}
