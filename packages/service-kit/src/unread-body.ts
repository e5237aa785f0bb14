import type { Request, Response } from 'express';

export interface UnreadBodyOptions {
  /**
   * How much more of the body to read and drop so the connection can serve another request;
   * 0 closes it at once. Reading lets a client that sends its whole body before it reads (fetch
   * does) see the answer rather than a broken pipe; closing bounds what a stranger's upload costs.
   */
  maxBytes: number;
  /** Body bytes read so far, when known: with Content-Length, a rest past maxBytes is not read at all. */
  bytesRead?: number;
}

/** How long a connection stays open, unread, after an answer before it is closed: time for the client to read it. */
const LINGER_MS = 1000;

/**
 * For an answer given before the request's body was read to its end (an error found in the first
 * block, a refusal, a body that stalled): waiting for the rest would hold the request for as long
 * as the client cares to send. Whoever was reading the body is detached, and up to `maxBytes` more
 * is read and dropped. Past that, reading stops and the connection is closed a second after the
 * answer is out. When Content-Length says the rest is larger and the answer's head is still
 * unsent, it goes out with `Connection: close` instead, which tells curl to stop sending, and node
 * closes the connection as soon as the answer is out (a client that only reads once it has sent
 * everything may then see EPIPE rather than the answer: the price of not reading a large rest).
 *
 * Reading on, then pausing before closing, matters to clients that send their whole body before
 * they read: closing while they still write gives them EPIPE, and node's HTTP client (the gateway
 * relaying a body to a service is one) reports that error instead of an answer it has not parsed.
 */
export function dropUnreadBody(req: Request, res: Response, { maxBytes, bytesRead }: UnreadBodyOptions): void {
  if (req.complete || req.destroyed) return;
  req.unpipe();
  const declared = Number(req.headers['content-length']);
  const rest = bytesRead !== undefined && Number.isFinite(declared) ? declared - bytesRead : undefined;
  if (rest !== undefined && rest > maxBytes && !res.headersSent) {
    res.setHeader('Connection', 'close');
    return;
  }
  let dropped = 0;
  const stop = () => {
    req.off('data', onData);
    req.pause();
    closeAfterAnswer(req, res);
  };
  const onData = (chunk: Buffer) => {
    dropped += chunk.length;
    if (dropped > maxBytes) stop();
  };
  if (maxBytes <= 0) return stop();
  req.on('data', onData);
  req.resume();
}

/**
 * Closes the connection a second after the answer is out. Not by `Connection: close`, even when
 * the head is unsent: node would close right after the answer, while the client may still be
 * writing, which is the EPIPE race this avoids.
 */
function closeAfterAnswer(req: Request, res: Response): void {
  const socket = req.socket;
  const linger = () => {
    const timer = setTimeout(() => socket.destroy(), LINGER_MS);
    timer.unref();
    socket.once('close', () => clearTimeout(timer));
  };
  if (res.writableFinished) linger();
  else res.once('finish', linger);
}
