import { Agent, request, type OutgoingHttpHeaders } from 'node:http';
import { randomBytes } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import { Readable } from 'node:stream';

/** A request built once and sent many times: the body is a ready Buffer, so sending costs no encoding. */
export interface PreparedRequest {
  method: 'GET' | 'POST';
  url: URL;
  headers: OutgoingHttpHeaders;
  body?: Buffer;
}

export interface HttpResult {
  status: number;
  contentType: string;
  body: Buffer;
}

/** A keep-alive agent, so a measured request pays no TCP handshake (as a real client pool would not). */
export const createAgent = (maxSockets: number): Agent => new Agent({ keepAlive: true, maxSockets });

/** Sends one prepared request and reads the whole response. */
export function send(agent: Agent, prepared: PreparedRequest): Promise<HttpResult> {
  return new Promise((resolve, reject) => {
    const req = request(prepared.url, { method: prepared.method, headers: prepared.headers, agent }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (chunk: Buffer) => chunks.push(chunk));
      res.on('error', reject);
      res.on('end', () =>
        resolve({ status: res.statusCode ?? 0, contentType: res.headers['content-type'] ?? '', body: Buffer.concat(chunks) }),
      );
    });
    req.on('error', reject);
    req.end(prepared.body);
  });
}

export const jsonRequest = (url: URL, value: unknown): PreparedRequest => {
  const body = Buffer.from(JSON.stringify(value));
  return { method: 'POST', url, headers: { 'content-type': 'application/json', 'content-length': body.length }, body };
};

/** The bytes around a multipart file part: text fields first, then the file's part header (head) and closing (tail). */
export interface MultipartFrame {
  contentType: string;
  head: Buffer;
  tail: Buffer;
}

/** Frames one file part after the given text fields, as curl -F sends them in order. */
export function multipartFrame(fields: Record<string, string>, fileField: string, filename: string, fileType = 'text/csv'): MultipartFrame {
  const boundary = `----tabula-bench-${randomBytes(8).toString('hex')}`;
  const fieldParts = Object.entries(fields).map(
    ([name, value]) => `--${boundary}\r\nContent-Disposition: form-data; name="${name}"\r\n\r\n${value}\r\n`,
  );
  const fileHeader =
    `--${boundary}\r\nContent-Disposition: form-data; name="${fileField}"; filename="${filename}"\r\n` +
    `Content-Type: ${fileType}\r\n\r\n`;
  return {
    contentType: `multipart/form-data; boundary=${boundary}`,
    head: Buffer.from(fieldParts.join('') + fileHeader),
    tail: Buffer.from(`\r\n--${boundary}--\r\n`),
  };
}

/** A multipart POST of a small CSV held in memory (fields before the file). */
export function multipartRequest(
  url: URL,
  fields: Record<string, string>,
  csv: Buffer,
  accept = 'application/json',
  file: { name: string; type: string } = { name: 'input.csv', type: 'text/csv' },
): PreparedRequest {
  const frame = multipartFrame(fields, 'input_file', file.name, file.type);
  const body = Buffer.concat([frame.head, csv, frame.tail]);
  return {
    method: 'POST',
    url,
    headers: { 'content-type': frame.contentType, 'content-length': body.length, accept },
    body,
  };
}

/** The multipart body of a file on disk: read as it is sent, so a file of any size costs no memory here. */
export async function* multipartFileBody(frame: MultipartFrame, path: string): AsyncGenerator<Buffer> {
  yield frame.head;
  yield* createReadStream(path, { highWaterMark: 1 << 20 }) as AsyncIterable<Buffer>;
  yield frame.tail;
}

/** A multipart POST of a file read from disk as it is sent (fields first), reading the whole (small) answer. */
export async function postFile(agent: Agent, url: URL, fields: Record<string, string>, fileField: string, path: string): Promise<HttpResult> {
  const frame = multipartFrame(fields, fileField, 'upload.csv');
  const contentLength = frame.head.length + (await stat(path)).size + frame.tail.length;
  return new Promise((resolve, reject) => {
    const req = request(url, { method: 'POST', agent, headers: { 'content-type': frame.contentType, 'content-length': contentLength, accept: 'application/json' } }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (chunk: Buffer) => chunks.push(chunk));
      res.on('error', reject);
      res.on('end', () => resolve({ status: res.statusCode ?? 0, contentType: res.headers['content-type'] ?? '', body: Buffer.concat(chunks) }));
    });
    req.on('error', reject);
    // A server that answers early (413) stops reading; the answer, not the rest of the upload, is what counts.
    Readable.from(multipartFileBody(frame, path)).on('error', reject).pipe(req);
  });
}
