import type { Request, Response } from 'express';

/** Bodies up to this size are read and dropped before a refusal; larger ones cost the connection. */
const DISCARD_MAX_BYTES = 1024 * 1024;

/**
 * Lets a request refused before its body was read end cleanly. Answering while the client is
 * still writing its upload races with the client: under load, fetch clients were seen failing
 * with EPIPE instead of reading the 401. So a body of up to 1 MB is read to its end and dropped
 * first, and the answer comes after the client has finished sending. A larger one (declared or
 * found while reading) is not worth reading for a stranger: the answer goes out with
 * `Connection: close`.
 */
export function discardBody(req: Request, res: Response): Promise<void> {
  const hasBody = req.headers['content-length'] !== undefined || req.headers['transfer-encoding'] !== undefined;
  if (!hasBody || req.complete) return Promise.resolve();
  if (Number(req.headers['content-length']) > DISCARD_MAX_BYTES) {
    res.setHeader('Connection', 'close');
    return Promise.resolve();
  }
  return new Promise((resolve) => {
    let seen = 0;
    const done = () => {
      req.off('data', onData).off('end', done).off('error', done);
      resolve();
    };
    const onData = (chunk: Buffer) => {
      seen += chunk.length;
      if (seen > DISCARD_MAX_BYTES) {
        req.pause();
        res.setHeader('Connection', 'close');
        done();
      }
    };
    req.on('data', onData).on('end', done).on('error', done);
  });
}
