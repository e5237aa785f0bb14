import type { IncomingMessage } from 'node:http';

/**
 * The largest body the gateway keeps in memory so that it can send it again. A JSON prediction of a few rows is a
 * few kB; 1 MiB holds thousands. Past it (the predictor takes up to MAX_JSON_MB, 50 MB), the body streams as
 * every other does and the call is not retried: a gateway holding 50 MB per call for a rare retry would trade its
 * memory, shared by every client, for one client's convenience.
 */
export const REPLAY_BODY_MAX_BYTES = 1024 * 1024;

/**
 * Whether a request's body may be held for a replay: JSON (a multipart upload is streamed and never held), with a
 * Content-Length no larger than REPLAY_BODY_MAX_BYTES (a chunked body's size is unknown until its end).
 */
export function isSmallJsonBody(req: IncomingMessage): boolean {
  const mediaType = (req.headers['content-type'] ?? '').split(';')[0].trim().toLowerCase();
  const length = Number(req.headers['content-length']);
  return mediaType === 'application/json' && Number.isInteger(length) && length >= 0 && length <= REPLAY_BODY_MAX_BYTES;
}

/** Reads a body held for replay to its end; rejects when the client goes away first. */
export function readWholeBody(req: IncomingMessage): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    const onClose = () => reject(new Error('the client closed the connection before its whole body arrived'));
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.once('error', reject).once('close', onClose);
    req.once('end', () => {
      req.off('close', onClose);
      resolve(Buffer.concat(chunks));
    });
  });
}
