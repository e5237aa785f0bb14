import { Agent, createServer, request, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from '@jest/globals';
import type { Request, Response } from 'express';
import { dropUnreadBody } from './unread-body.js';

/** A server that answers at once, before reading the body, and leaves the rest to dropUnreadBody. */
function answerEarly(maxBytes: number): Promise<Server> {
  const server = createServer((req, res) => {
    res.setHeader('content-type', 'text/plain');
    dropUnreadBody(req as Request, res as Response, { maxBytes, bytesRead: 0 });
    res.end('refused');
  });
  return new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve(server)));
}

/** A server that drops the body first and answers once dropUnreadBody has settled, as the gateway's refusals do. */
function answerAfterDrop(maxBytes: number): Promise<Server> {
  const server = createServer((req, res) => {
    void dropUnreadBody(req as Request, res as Response, { maxBytes }).then(() => {
      res.setHeader('content-type', 'text/plain');
      res.end('refused');
    });
  });
  return new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve(server)));
}

interface Outcome {
  status: number;
  connection: string | undefined;
  /** Whether the whole body was taken (true) or the connection closed first (false). */
  bodySent: boolean;
  reusedSocket: boolean;
}

/** Sends `bytes` of body in 64 KB pieces, reading the answer as it comes, and reports what became of the body. */
function post(server: Server, agent: Agent, bytes: number, declareLength = false): Promise<Outcome> {
  const { port } = server.address() as AddressInfo;
  return new Promise((resolve) => {
    const req = request({ host: '127.0.0.1', port, method: 'POST', agent, headers: declareLength ? { 'content-length': bytes } : {} });
    let answer: IncomingMessage | undefined;
    const done = (bodySent: boolean) => resolve({ status: answer?.statusCode ?? 0, connection: answer?.headers.connection, bodySent, reusedSocket: req.reusedSocket });
    req.on('response', (res) => {
      answer = res;
      res.resume();
    });
    req.on('error', () => done(false));
    // A connection closed after a complete answer ends the request without an error: 'close' tells, then, whether the body went out.
    req.on('close', () => done(req.writableFinished));
    const piece = Buffer.alloc(65_536, 120);
    let sent = 0;
    const pump = () => {
      while (sent < bytes) {
        sent += piece.length;
        if (!req.write(piece)) return void req.once('drain', pump);
      }
      req.end();
    };
    pump();
  });
}

/** Answering first and letting the drop run (the services), or answering once it has settled (the gateway's refusals). */
const SERVERS: Array<[string, (maxBytes: number) => Promise<Server>]> = [
  ['answered first', answerEarly],
  ['awaited before the answer', answerAfterDrop],
];

describe('dropUnreadBody(req, res, { maxBytes })', () => {
  let server: Server | undefined;
  let agent: Agent | undefined;
  afterEach(async () => {
    agent?.destroy();
    await new Promise((resolve) => (server ? server.close(resolve) : resolve(undefined)));
  });

  describe.each(SERVERS)('%s', (_when, start) => {
    it('should read and drop a rest within maxBytes, so the connection serves the next request', async () => {
      server = await start(1024 * 1024);
      agent = new Agent({ keepAlive: true, maxSockets: 1 });
      const first = await post(server, agent, 256 * 1024);
      const second = await post(server, agent, 1024);
      expect(first).toMatchObject({ status: 200, bodySent: true });
      expect(first.connection).not.toBe('close');
      expect(second).toMatchObject({ status: 200, bodySent: true, reusedSocket: true });
    });

    it('should stop reading past maxBytes and close the connection after the answer', async () => {
      server = await start(128 * 1024);
      agent = new Agent({ keepAlive: true, maxSockets: 1 });
      const outcome = await post(server, agent, 64 * 1024 * 1024);
      expect(outcome).toMatchObject({ status: 200, bodySent: false });
    });

    it('should answer with Connection: close when Content-Length says the rest is past maxBytes', async () => {
      server = await start(128 * 1024);
      agent = new Agent({ keepAlive: true, maxSockets: 1 });
      const outcome = await post(server, agent, 8 * 1024 * 1024, true);
      expect(outcome).toMatchObject({ status: 200, connection: 'close', bodySent: false });
    });
  });
});
