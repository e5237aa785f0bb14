import { Agent, request, type ClientRequest, type IncomingHttpHeaders } from 'node:http';

/**
 * A hand-driven upload over node:http, for what fetch cannot do: send a body piece by piece, pause
 * or trickle, leave it unfinished, and see an answer that arrives while the body is still being
 * sent (fetch hides it until the body is out, or fails with EPIPE).
 */
export interface RawUpload {
  url: string;
  headers?: Record<string, string>;
  /** The body, piece by piece. */
  chunks: Iterable<Uint8Array | string>;
  /** Wait this long between pieces (a slow client). */
  pauseMs?: number;
  /** End the request once the pieces run out (the default), or leave it open: a client that stalls. */
  end?: boolean;
  /**
   * What to do when an answer arrives while sending: stop (the default), or keep sending the rest
   * to see what the server does with it (`afterAnswer` tells).
   */
  keepSendingAfterAnswer?: boolean;
  /** How long to wait at most; past it the upload is abandoned (status 0 when no answer had come). */
  giveUpMs?: number;
  /** Abandons the upload (closes the connection) when aborted, as a client that gives up. */
  signal?: AbortSignal;
}

export interface RawAnswer {
  /** 0 when no answer came within giveUpMs, or the connection failed before one. */
  status: number;
  headers: IncomingHttpHeaders;
  text: string;
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  body: any;
  bytesSent: number;
  /** True when the answer's head arrived before the whole body had been sent (or while it was left open). */
  answeredWhileSending: boolean;
  /** False when the connection ended before the answer's body did. */
  complete: boolean;
  /**
   * With keepSendingAfterAnswer: whether the server took the rest of the body ("sent"), closed the
   * connection ("closed"), or neither before giveUpMs ("stalled").
   */
  afterAnswer?: 'sent' | 'closed' | 'stalled';
  /** The connection error, when there was one before an answer. */
  error?: string;
}

const DEFAULT_GIVE_UP_MS = 60_000;

/** Sends a raw upload and resolves with the answer (or with status 0 when none came). */
export function sendRawUpload(upload: RawUpload): Promise<RawAnswer> {
  return new Promise((resolve) => {
    const url = new URL(upload.url);
    // A keep-alive agent of its own: without one (agent: false) node asks for Connection: close,
    // which a server honours by closing right after its answer, unlike what browsers and curl ask.
    const agent = new Agent({ keepAlive: true, maxSockets: 1 });
    const req = request({ host: url.hostname, port: url.port, path: url.pathname + url.search, method: 'POST', headers: upload.headers, agent });
    let bytesSent = 0;
    let sendingDone = false;
    let sendOutcome: RawAnswer['afterAnswer'];
    let answer: Omit<RawAnswer, 'bytesSent'> | undefined;
    let settled = false;
    const settle = (final: Omit<RawAnswer, 'bytesSent'>) => {
      if (settled) return;
      settled = true;
      clearTimeout(giveUp);
      req.destroy();
      agent.destroy();
      resolve({ ...final, bytesSent });
    };
    const settleIfDone = () => {
      if (!answer) return;
      if (!upload.keepSendingAfterAnswer) settle(answer);
      else if (sendOutcome) settle({ ...answer, afterAnswer: sendOutcome });
    };
    const noAnswer = (error: string) => ({ status: 0, headers: {}, text: '', body: undefined, answeredWhileSending: false, complete: false, error });
    const giveUp = setTimeout(() => settle(answer ? { ...answer, afterAnswer: sendOutcome ?? 'stalled' } : noAnswer('no answer in time')), upload.giveUpMs ?? DEFAULT_GIVE_UP_MS);
    upload.signal?.addEventListener('abort', () => settle(answer ?? noAnswer('aborted')), { once: true });
    req.on('error', (error) => {
      sendOutcome ??= 'closed';
      if (!answer) settle(noAnswer(error.message));
      else settleIfDone();
    });
    // The socket, not the request: a request emits 'close' as soon as its answer is complete.
    req.on('socket', (socket) =>
      socket.once('close', () => {
        if (!sendingDone) sendOutcome ??= 'closed';
        settleIfDone();
      }),
    );
    req.on('response', (res) => {
      const answeredWhileSending = !sendingDone;
      let text = '';
      res.setEncoding('utf8');
      res.on('data', (chunk: string) => (text += chunk));
      const finish = (complete: boolean) => {
        if (answer) return;
        let body: unknown;
        try {
          body = JSON.parse(text);
        } catch {
          body = undefined;
        }
        answer = { status: res.statusCode ?? 0, headers: res.headers, text, body, answeredWhileSending, complete };
        settleIfDone();
      };
      res.on('end', () => finish(true));
      res.on('error', () => finish(false));
      res.on('close', () => finish(res.complete));
    });

    void (async () => {
      for (const chunk of upload.chunks) {
        if (settled || req.destroyed || (answer && !upload.keepSendingAfterAnswer)) return;
        const bytes = typeof chunk === 'string' ? Buffer.from(chunk) : chunk;
        bytesSent += bytes.length;
        if (!req.write(bytes)) await writable(req);
        if (upload.pauseMs) await new Promise((resolve) => setTimeout(resolve, upload.pauseMs));
      }
      if (settled || req.destroyed || !(upload.end ?? true)) return;
      req.end(() => {
        sendingDone = true;
        sendOutcome ??= 'sent';
        settleIfDone();
      });
    })();
  });
}

/** Waits until the request takes more, or its connection is gone. */
function writable(req: ClientRequest): Promise<void> {
  return new Promise((resolve) => {
    const done = () => {
      req.off('drain', done).off('error', done);
      req.socket?.off('close', done);
      resolve();
    };
    req.on('drain', done).on('error', done);
    req.socket?.on('close', done);
  });
}

export const BOUNDARY = 'tabula-test-boundary';

/** The multipart head of a form: the text fields, then the head of the file part (its bytes follow). */
export function multipartHead(fields: Array<[string, string]>, fileField = 'input_file'): string {
  const parts = fields.map(([name, value]) => `--${BOUNDARY}\r\nContent-Disposition: form-data; name="${name}"\r\n\r\n${value}\r\n`);
  return `${parts.join('')}--${BOUNDARY}\r\nContent-Disposition: form-data; name="${fileField}"; filename="data.csv"\r\nContent-Type: text/csv\r\n\r\n`;
}

/** Ends the file part, adds text fields after it (as curl sends -F fields written after the file), and closes the form. */
export function multipartTail(fieldsAfter: Array<[string, string]> = []): string {
  const parts = fieldsAfter.map(([name, value]) => `--${BOUNDARY}\r\nContent-Disposition: form-data; name="${name}"\r\n\r\n${value}\r\n`);
  return `\r\n${parts.join('')}--${BOUNDARY}--\r\n`;
}

export const MULTIPART_HEADERS = { 'content-type': `multipart/form-data; boundary=${BOUNDARY}` };

/** `count` copies of `piece` (lazily: a huge upload is never held whole). */
export function* repeat<T>(piece: T, count: number): Generator<T> {
  for (let i = 0; i < count; i++) yield piece;
}
