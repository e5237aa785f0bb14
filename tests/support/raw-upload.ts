import { connect, type Socket } from 'node:net';

/**
 * A hand-driven upload over a plain TCP socket, for what fetch and node's HTTP client cannot do
 * reliably: send a body piece by piece, pause or trickle, leave it unfinished, see an answer that
 * arrives while the body is still being sent, and keep sending after it (node's client stops
 * flushing a request body once its answer has ended). The request is HTTP/1.1, keep-alive, with a
 * chunked body, as curl sends a streamed upload.
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
  /** Lower-case names. */
  headers: Record<string, string>;
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
    const socket = connect({ host: url.hostname, port: Number(url.port) });
    const response = new ResponseReader();
    let bytesSent = 0;
    let sendingDone = false;
    let answeredWhileSending = false;
    let sendOutcome: RawAnswer['afterAnswer'];
    let settled = false;
    const answer = (): Omit<RawAnswer, 'bytesSent'> => {
      const text = response.body.toString('utf8');
      let body: unknown;
      try {
        body = JSON.parse(text);
      } catch {
        body = undefined;
      }
      return { status: response.status, headers: response.headers, text, body, answeredWhileSending, complete: response.complete };
    };
    const settle = (final: Omit<RawAnswer, 'bytesSent'>) => {
      if (settled) return;
      settled = true;
      clearTimeout(giveUp);
      socket.destroy();
      resolve({ ...final, bytesSent });
    };
    const settleIfDone = () => {
      if (!response.complete) return;
      if (!upload.keepSendingAfterAnswer) settle(answer());
      else if (sendOutcome) settle({ ...answer(), afterAnswer: sendOutcome });
    };
    const noAnswer = (error: string) => ({ status: 0, headers: {}, text: '', body: undefined, answeredWhileSending: false, complete: false, error });
    const giveUp = setTimeout(
      () => settle(response.hasHead ? { ...answer(), afterAnswer: sendOutcome ?? 'stalled' } : noAnswer('no answer in time')),
      upload.giveUpMs ?? DEFAULT_GIVE_UP_MS,
    );
    upload.signal?.addEventListener('abort', () => settle(response.hasHead ? answer() : noAnswer('aborted')), { once: true });
    socket.on('data', (data: Buffer) => {
      const hadHead = response.hasHead;
      response.push(data);
      if (!hadHead && response.hasHead) answeredWhileSending = !sendingDone;
      settleIfDone();
    });
    socket.on('error', (error) => {
      if (!response.hasHead) settle(noAnswer(error.message));
    });
    socket.on('close', () => {
      if (!sendingDone) sendOutcome ??= 'closed';
      if (!response.hasHead) return settle(noAnswer('connection closed'));
      if (!response.complete) return settle({ ...answer(), afterAnswer: sendOutcome });
      settleIfDone();
    });

    const head = Object.entries({ host: url.host, connection: 'keep-alive', 'transfer-encoding': 'chunked', ...upload.headers })
      .map(([name, value]) => `${name}: ${value}\r\n`)
      .join('');
    socket.write(`POST ${url.pathname}${url.search} HTTP/1.1\r\n${head}\r\n`);
    void (async () => {
      const stopped = () => settled || socket.destroyed || (response.hasHead && !upload.keepSendingAfterAnswer);
      for (const chunk of upload.chunks) {
        if (stopped()) return;
        const bytes = typeof chunk === 'string' ? Buffer.from(chunk) : chunk;
        bytesSent += bytes.length;
        const frame = Buffer.concat([Buffer.from(`${bytes.length.toString(16)}\r\n`), bytes, Buffer.from('\r\n')]);
        if (!socket.write(frame)) await writable(socket);
        if (upload.pauseMs) await new Promise((resume) => setTimeout(resume, upload.pauseMs));
      }
      if (stopped() || !(upload.end ?? true)) return;
      socket.write('0\r\n\r\n', () => {
        sendingDone = true;
        sendOutcome ??= 'sent';
        settleIfDone();
      });
    })();
  });
}

/** Waits until the socket takes more, or is gone. */
function writable(socket: Socket): Promise<void> {
  return new Promise((resolve) => {
    const done = () => {
      socket.off('drain', done).off('close', done);
      resolve();
    };
    socket.on('drain', done).on('close', done);
  });
}

/** Reads one HTTP/1.1 answer: status line, headers, then a body framed by Content-Length, chunks, or the connection's end. */
class ResponseReader {
  status = 0;
  headers: Record<string, string> = {};
  hasHead = false;
  complete = false;
  private pending = Buffer.alloc(0);
  private parts: Buffer[] = [];

  get body(): Buffer {
    return Buffer.concat(this.parts);
  }

  push(data: Buffer): void {
    if (this.complete) return;
    this.pending = Buffer.concat([this.pending, data]);
    if (!this.hasHead) {
      const end = this.pending.indexOf('\r\n\r\n');
      if (end < 0) return;
      const [statusLine, ...lines] = this.pending.subarray(0, end).toString('latin1').split('\r\n');
      this.status = Number(statusLine.split(' ')[1]);
      for (const line of lines) {
        const colon = line.indexOf(':');
        this.headers[line.slice(0, colon).trim().toLowerCase()] = line.slice(colon + 1).trim();
      }
      this.pending = this.pending.subarray(end + 4);
      this.hasHead = true;
    }
    if (this.headers['transfer-encoding'] === 'chunked') this.readChunks();
    else if (this.headers['content-length'] !== undefined) {
      this.parts = [this.pending];
      this.complete = this.pending.length >= Number(this.headers['content-length']);
    } else this.parts = [this.pending];
  }

  private readChunks(): void {
    for (;;) {
      const lineEnd = this.pending.indexOf('\r\n');
      if (lineEnd < 0) return;
      const size = parseInt(this.pending.subarray(0, lineEnd).toString('latin1'), 16);
      if (size === 0) {
        this.complete = true;
        return;
      }
      if (this.pending.length < lineEnd + 2 + size + 2) return;
      this.parts.push(this.pending.subarray(lineEnd + 2, lineEnd + 2 + size));
      this.pending = this.pending.subarray(lineEnd + 2 + size + 2);
    }
  }
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
