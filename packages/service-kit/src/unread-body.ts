import type { Request, Response } from 'express';

export interface UnreadBodyOptions {
  /**
   * How much more of the body to read and drop so the connection can serve another request;
   * 0 closes it at once. Reading lets a client that sends its whole body before it reads (fetch
   * does) see the answer rather than a broken pipe; closing bounds what a stranger's upload costs.
   */
  maxBytes: number;
  /**
   * Body bytes read so far, when known: with Content-Length, a rest past maxBytes is not read at
   * all. A body nobody has read from yet counts as 0 without being told.
   */
  bytesRead?: number;
}

/**
 * After an answer given before a whole upload arrived (a refused form, an error in the first block of
 * a streamed upload), how much more of it is read and dropped before reading stops and the
 * connection is closed. The gateway stops sending as soon as it has the answer, so this bounds
 * what a direct caller can make a service read for nothing.
 */
export const UNREAD_BODY_DRAIN_BYTES = 4 * 1024 * 1024;

/** How long a connection stays open, unread, after an answer before it is closed: time for the client to read it. */
const LINGER_MS = 1000;

/**
 * The one way the services drop a request body they will not use: an upload refused at the
 * gateway's door (401/403/429), an upstream that answered before the whole body was relayed, an
 * error found in the first block of a streamed upload, a refused form. Waiting for the rest
 * would hold the request for as long as the client cares to send, so whoever was reading the body
 * is detached, and up to `maxBytes` more is read and dropped. Past that, reading stops and the
 * connection is closed a second after the answer is out. When Content-Length says the rest is
 * larger and the answer's head is still unsent, it goes out with `Connection: close` instead,
 * which tells curl to stop sending, and node closes the connection as soon as the answer is out (a
 * client that only reads once it has sent everything may then see EPIPE rather than the answer:
 * the price of not reading a large rest).
 *
 * Why read at all: a client that sends its whole body before it reads (fetch, and node's HTTP
 * client, which is how the gateway relays a body to a service) fails with EPIPE, instead of showing
 * the answer, when the connection closes while it still writes. Reading the rest, or pausing a
 * second before closing, lets it finish writing and then read the answer.
 *
 * The returned promise settles (never rejects) once the rest has been read to its end, reading has
 * stopped at maxBytes, or the request is gone. A caller that has not answered yet may wait for it
 * and answer then, so a small body is read to its end before the answer (the gateway's refusals
 * do: under load, fetch clients answered while still writing failed with EPIPE). A caller that has
 * answered already lets it run.
 */
export function dropUnreadBody(req: Request, res: Response, { maxBytes, bytesRead }: UnreadBodyOptions): Promise<void> {
  const hasBody = req.headers['content-length'] !== undefined || req.headers['transfer-encoding'] !== undefined;
  if (!hasBody || req.complete || req.destroyed) return Promise.resolve();
  req.unpipe();
  const declared = Number(req.headers['content-length']);
  const read = bytesRead ?? (req.readableDidRead ? undefined : 0);
  const rest = read !== undefined && Number.isFinite(declared) ? declared - read : undefined;
  if (rest !== undefined && rest > maxBytes && !res.headersSent) {
    res.setHeader('Connection', 'close');
    return Promise.resolve();
  }
  return new Promise((resolve) => {
    let dropped = 0;
    const settle = () => {
      req.off('data', onData).off('end', settle).off('close', settle);
      resolve();
    };
    const stop = () => {
      settle();
      req.pause();
      closeAfterAnswer(req, res);
    };
    const onData = (chunk: Buffer) => {
      dropped += chunk.length;
      if (dropped > maxBytes) stop();
    };
    if (maxBytes <= 0) return stop();
    req.on('data', onData).on('end', settle).on('close', settle);
    req.resume();
  });
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
