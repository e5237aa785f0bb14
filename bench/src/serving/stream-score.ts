import { stat } from 'node:fs/promises';
import { request, type Agent, type IncomingMessage } from 'node:http';
import { performance } from 'node:perf_hooks';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { multipartFileBody, multipartFrame } from './http-client.js';

const TAIL_BYTES = 512;
const ERROR_BODY_BYTES = 4_000;

export interface StreamScoreResult {
  status: number;
  contentType: string;
  /** Lines after the header (CSV) or all lines (NDJSON). */
  rowsOut: number;
  /** The `row` number on the last line: equal to the rows sent when nothing was lost. */
  lastRow: number | undefined;
  firstLine: string;
  bytesUp: number;
  bytesDown: number;
  /** From the first byte sent to the first response byte. */
  firstByteMs: number;
  wallMs: number;
  /** The start of the body when the status is not 200. */
  errorBody?: string;
  /** Set when the answer broke off (connection reset or closed before its end). */
  abortedBy?: string;
}

/**
 * Uploads a CSV file of any size as multipart `input_file` (read from disk as it is sent) and
 * consumes the answer as it arrives, keeping only counts and the last line, never the body.
 * `url` carries the query (model_name, format=csv); the answer may start before the upload ends.
 */
export async function streamScore(url: URL, csvPath: string, agent: Agent): Promise<StreamScoreResult> {
  const frame = multipartFrame({}, 'input_file', 'stream.csv');
  const fileBytes = (await stat(csvPath)).size;
  const bytesUp = frame.head.length + fileBytes + frame.tail.length;
  const startMs = performance.now();
  const req = request(url, {
    method: 'POST',
    agent,
    headers: { 'content-type': frame.contentType, 'content-length': bytesUp, accept: 'text/csv' },
  });
  const answered = new Promise<IncomingMessage>((resolve, reject) => {
    req.once('response', resolve);
    req.once('error', reject);
  });
  // A server may answer (e.g. 413) before reading the whole upload; the answer is what counts then.
  const uploaded = pipeline(Readable.from(multipartFileBody(frame, csvPath)), req).catch((error: Error) => error);
  const res = await answered;
  const result = await consume(res, startMs);
  // After an early error answer the rest of the upload is unwanted; do not wait on a server that stopped reading.
  if (result.status !== 200 || result.abortedBy !== undefined) req.destroy();
  const uploadError = await uploaded;
  if (uploadError instanceof Error && result.status === 200 && result.abortedBy === undefined) throw uploadError;
  return { ...result, bytesUp };
}

async function consume(res: IncomingMessage, startMs: number): Promise<Omit<StreamScoreResult, 'bytesUp'>> {
  const status = res.statusCode ?? 0;
  const contentType = res.headers['content-type'] ?? '';
  let firstByteMs = Number.NaN;
  let bytesDown = 0;
  let newlines = 0;
  let head = Buffer.alloc(0);
  let tail = Buffer.alloc(0);
  let abortedBy: string | undefined;
  try {
    for await (const chunk of res as AsyncIterable<Buffer>) {
      if (bytesDown === 0) firstByteMs = performance.now() - startMs;
      bytesDown += chunk.length;
      for (let at = chunk.indexOf(10); at !== -1; at = chunk.indexOf(10, at + 1)) newlines++;
      if (head.length < ERROR_BODY_BYTES) head = Buffer.concat([head, chunk.subarray(0, ERROR_BODY_BYTES - head.length)]);
      tail = Buffer.concat([tail, chunk.subarray(Math.max(0, chunk.length - TAIL_BYTES))]);
      if (tail.length > TAIL_BYTES) tail = tail.subarray(tail.length - TAIL_BYTES);
    }
  } catch (error) {
    // A streamed CSV answer that fails midway can only be cut off: report how far it got.
    abortedBy = `${(error as NodeJS.ErrnoException).code ?? 'error'}: ${(error as Error).message}`;
  }
  const wallMs = performance.now() - startMs;
  const firstLine = head.toString('utf8').split('\n', 1)[0];
  const lastLine = tail.toString('utf8').trimEnd().split('\n').pop() ?? '';
  const isCsv = contentType.startsWith('text/csv');
  const rowsOut = isCsv ? Math.max(0, newlines - 1) : newlines;
  return {
    status,
    contentType,
    rowsOut,
    lastRow: isCsv ? Number(lastLine.split(',', 1)[0]) : rowOfJsonLine(lastLine),
    firstLine,
    bytesDown,
    firstByteMs,
    wallMs,
    ...(status !== 200 ? { errorBody: head.toString('utf8') } : {}),
    ...(abortedBy !== undefined ? { abortedBy } : {}),
  };
}

/** What went wrong with a streamed answer for `rowsSent` rows, or undefined when every row came back in order. */
export function streamProblem(result: StreamScoreResult, rowsSent: number): string | undefined {
  if (result.status !== 200) return `status ${result.status}: ${result.errorBody ?? ''}`.slice(0, 400);
  if (result.abortedBy !== undefined) return `the answer broke off after ${result.rowsOut} of ${rowsSent} rows (${result.abortedBy})`;
  if (result.rowsOut !== rowsSent || result.lastRow !== rowsSent) {
    return `${result.rowsOut} rows came back for ${rowsSent} sent, the last numbered ${result.lastRow}`;
  }
  return undefined;
}

function rowOfJsonLine(line: string): number | undefined {
  try {
    const row = (JSON.parse(line) as { row?: unknown }).row;
    return typeof row === 'number' ? row : undefined;
  } catch {
    return undefined;
  }
}
