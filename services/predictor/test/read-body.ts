import type request from 'supertest';

/**
 * A supertest parser that keeps any answer's body as bytes (supertest buffers only the types it
 * knows, and neither NDJSON nor a model export is one of them): `.buffer(true).parse(readBytes)`.
 */
export function readBytes(res: request.Response, done: (error: Error | null, body: Buffer) => void): void {
  // In node, superagent hands a parser the response stream itself.
  const stream = res as unknown as NodeJS.ReadableStream;
  const chunks: Buffer[] = [];
  stream.on('data', (chunk: Buffer) => chunks.push(chunk));
  stream.on('end', () => done(null, Buffer.concat(chunks)));
  stream.on('error', (error: Error) => done(error, Buffer.alloc(0)));
}
