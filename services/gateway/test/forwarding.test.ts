import { createHash } from 'node:crypto';
import { Agent, request as httpRequest, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { ErrorBodySchema } from '@tabula/contracts';
import { ServiceMetrics, createLogger } from '@tabula/service-kit';
import request from 'supertest';
import { createApp } from '#dist/app.js';
import { parseApiKeys } from '#dist/auth/api-keys.js';
import { createKeyRing } from '#dist/auth/key-ring.js';
import { closedPortUrl, readBody, startStandIn, type StandInService } from './stand-in-service.js';
import { testUpstream } from './test-upstream.js';

// The relay between a client and the services, with real HTTP servers on 127.0.0.1 standing in
// for the trainer and the predictor: what reaches them, what comes back, and what the gateway
// answers itself when they are down or slow.

const ADMIN_KEY = 'a'.repeat(32);
const READ_KEY = 'r'.repeat(32);
/** An upstream error body with the spacing of no JSON serializer: relayed, it must arrive byte for byte. */
const NOT_FOUND_BODY = '{"error": {"code": "MODEL_NOT_FOUND", "message": "No model named \\"nope\\"."},  "request_id": "from-upstream"}';

let trainer: StandInService;
let predictor: StandInService;
/** Settles when the predictor has received the first bytes of a body: the client may send the rest. */
let bodyStarted: () => void = () => undefined;
/** Settles when the request the predictor never answers has been closed by the gateway. */
let slowClosed: Promise<void>;
let onSlowClosed: () => void = () => undefined;
/** Called when a request for /models/held has arrived, with its response, which the test ends when it likes. */
let onHeld: (res: ServerResponse) => void = () => undefined;

beforeAll(async () => {
  slowClosed = new Promise((resolve) => (onSlowClosed = resolve));
  trainer = await startStandIn((req, res) => {
    if (req.url === '/health') return res.end('{"status":"ok"}');
    if (req.method === 'POST' && req.url === '/train?async=true') {
      void readBody(req).then(() => res.writeHead(202, { location: '/jobs/j-1', 'content-type': 'application/json' }).end('{"job_id":"j-1"}'));
      return;
    }
    res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ method: req.method, url: req.url }));
  });
  predictor = await startStandIn((req, res) => {
    if (req.url === '/health') return res.writeHead(503).end('{"status":"starting"}');
    if (req.url === '/models/iris') {
      return res.writeHead(200, { 'content-type': 'application/json', 'x-model-name': 'iris', 'x-model-version': '3', 'x-internal': 'not for clients' }).end('{"model_name":"iris"}');
    }
    if (req.url === '/models/nope') return res.writeHead(404, { 'content-type': 'application/json' }).end(NOT_FOUND_BODY);
    if (req.url === '/models/slow') return void req.socket.once('close', onSlowClosed);
    if (req.url === '/models/held') return void onHeld(res);
    if (req.method === 'POST' && req.url === '/predict') {
      req.once('data', () => bodyStarted());
      void readBody(req).then((body) =>
        res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ bytes: body.length, sha256: sha256(body), content_type: req.headers['content-type'] })),
      );
      return;
    }
    res.writeHead(404).end();
  });
});

afterAll(async () => {
  await Promise.all([trainer.close(), predictor.close()]);
});

const sha256 = (bytes: Buffer) => createHash('sha256').update(bytes).digest('hex');

function gateway(options: { keys?: string; predictorUrl?: string; predictorAgent?: Agent; readMs?: number } = {}) {
  const keys = parseApiKeys(options.keys ?? '');
  const predictorUpstream = testUpstream('predictor', options.predictorUrl ?? predictor.url);
  return createApp({
    logger: createLogger('gateway', 'silent'),
    metrics: new ServiceMetrics('gateway'),
    access: { corsOrigins: [], findKey: keys.length > 0 ? createKeyRing(keys) : undefined },
    trustProxy: false,
    trainer: testUpstream('trainer', trainer.url),
    predictor: options.predictorAgent ? { ...predictorUpstream, agent: options.predictorAgent } : predictorUpstream,
    timeouts: { trainMs: 10_000, predictMs: 10_000, readMs: options.readMs ?? 10_000 },
  });
}

/** The last request the service received. */
const lastReceived = (service: StandInService) => service.received[service.received.length - 1];

describe('the relay', () => {
  describe('a request the service answers', () => {
    it('should reach the service with the request id and the content headers only, and come back with status, body and the listed headers unchanged', async () => {
      const res = await request(gateway())
        .get('/models/iris')
        .set({ 'x-request-id': 'trace-42', accept: 'application/json', cookie: 'session=secret', 'x-forwarded-for': '203.0.113.9' });
      expect(res.status).toBe(200);
      expect(res.text).toBe('{"model_name":"iris"}');
      expect(res.headers).toMatchObject({ 'x-request-id': 'trace-42', 'x-model-name': 'iris', 'x-model-version': '3', 'content-type': 'application/json' });
      expect(res.headers).not.toHaveProperty('x-internal');

      const { method, url, headers } = lastReceived(predictor);
      expect({ method, url }).toEqual({ method: 'GET', url: '/models/iris' });
      expect(headers).toMatchObject({ 'x-request-id': 'trace-42', accept: 'application/json' });
      expect(headers).not.toHaveProperty('cookie');
      expect(headers).not.toHaveProperty('x-forwarded-for');
    });

    it('should give a request without an id a new one, the same on both sides', async () => {
      const res = await request(gateway()).get('/models/iris').expect(200);
      expect(res.headers['x-request-id']).toMatch(/^[0-9a-f-]{36}$/);
      expect(lastReceived(predictor).headers['x-request-id']).toBe(res.headers['x-request-id']);
    });

    it("should relay the service's 4xx as that 4xx, its body byte for byte", async () => {
      const res = await request(gateway()).get('/models/nope');
      expect(res.status).toBe(404);
      expect(res.text).toBe(NOT_FOUND_BODY);
    });

    it('should pass the query string on, and the 202 and its Location back', async () => {
      const res = await request(gateway()).post('/train?async=true').field('target_column', 'variety').attach('dataset_file', Buffer.from('a,variety\n1,x\n'), 'data.csv');
      expect(res.status).toBe(202);
      expect(res.headers.location).toBe('/jobs/j-1');
      expect(res.body).toEqual({ job_id: 'j-1' });
      expect(lastReceived(trainer)).toMatchObject({ method: 'POST', url: '/train?async=true' });
    });
  });

  describe('a multipart upload', () => {
    let server: Server;
    let port: number;

    beforeAll(async () => {
      server = gateway().listen(0, '127.0.0.1');
      await new Promise((resolve) => server.once('listening', resolve));
      port = (server.address() as AddressInfo).port;
    });

    afterAll(async () => {
      await new Promise((resolve) => server.close(resolve));
    });

    it('should be streamed to the service as it arrives, unparsed and unchanged', async () => {
      const boundary = 'tabula-test-boundary';
      const head = Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="input_file"; filename="rows.csv"\r\nContent-Type: text/csv\r\n\r\na,b\n`);
      const rows = Buffer.from('1,2\n'.repeat(256 * 1024));
      const tail = Buffer.from(`\r\n--${boundary}--\r\n`);
      const whole = Buffer.concat([head, rows, tail]);
      const started = new Promise<void>((resolve) => (bodyStarted = resolve));
      const answer = new Promise<{ status: number; body: Record<string, unknown> }>((resolve, reject) => {
        const req = httpRequest({
          host: '127.0.0.1',
          port,
          method: 'POST',
          path: '/predict',
          headers: { 'content-type': `multipart/form-data; boundary=${boundary}`, 'content-length': whole.length },
        });
        req.once('error', reject);
        req.once('response', (res) => {
          void readBody(res).then((body) => resolve({ status: res.statusCode ?? 0, body: JSON.parse(body.toString('utf8')) }));
        });
        // The second half is sent only once the service has begun to receive the first: a gateway
        // that held the body back until it was complete would never answer.
        req.write(whole.subarray(0, head.length + rows.length / 2));
        void started.then(() => req.end(whole.subarray(head.length + rows.length / 2)));
      });
      const { status, body } = await answer;
      expect(status).toBe(200);
      expect(body).toEqual({ bytes: whole.length, sha256: sha256(whole), content_type: `multipart/form-data; boundary=${boundary}` });
    });
  });

  describe('a service that is down or slow', () => {
    it('should answer 502 UPSTREAM_UNAVAILABLE, naming the service, when nothing listens', async () => {
      const app = gateway({ predictorUrl: await closedPortUrl() });
      for (const res of [await request(app).get('/models'), await request(app).post('/predict').attach('input_file', Buffer.from('a\n1\n'), 'rows.csv')]) {
        expect(res.status).toBe(502);
        expect(ErrorBodySchema.parse(res.body).error).toMatchObject({ code: 'UPSTREAM_UNAVAILABLE', message: expect.stringContaining('predictor') });
        expect(res.text).not.toContain('127.0.0.1');
      }
    });

    it('should answer 504 UPSTREAM_TIMEOUT when the service stays silent past the route timeout, and close the call', async () => {
      const res = await request(gateway({ readMs: 200 })).get('/models/slow');
      expect(res.status).toBe(504);
      expect(ErrorBodySchema.parse(res.body).error).toMatchObject({ code: 'UPSTREAM_TIMEOUT', message: expect.stringContaining('200 ms') });
      await slowClosed;
    });
  });

  describe('with API keys', () => {
    const app = () => gateway({ keys: `${ADMIN_KEY}:admin,${READ_KEY}:read` });

    it('should relay nothing without a valid key (401), nor a write with a read key (403)', async () => {
      const before = trainer.received.length + predictor.received.length;
      const api = app();
      expect((await request(api).get('/models/iris')).status).toBe(401);
      expect((await request(api).get('/models/iris').set('x-api-key', 'not-a-key-0000000000000000')).status).toBe(401);
      const forbidden = await request(api).delete('/models/iris/versions/1').set('authorization', `Bearer ${READ_KEY}`);
      expect(forbidden.status).toBe(403);
      expect(trainer.received.length + predictor.received.length).toBe(before);
    });

    it('should relay a read with a read key and a write with an admin key, without passing the key on', async () => {
      const api = app();
      expect((await request(api).get('/models/iris').set('x-api-key', READ_KEY)).status).toBe(200);
      expect(lastReceived(predictor).headers).not.toHaveProperty('x-api-key');
      const deleted = await request(api).delete('/models/iris/versions/1').set('authorization', `Bearer ${ADMIN_KEY}`);
      expect(deleted.status).toBe(200);
      expect(deleted.body).toEqual({ method: 'DELETE', url: '/models/iris/versions/1' });
      expect(lastReceived(trainer).headers).not.toHaveProperty('authorization');
    });
  });
});

describe('GET /ready', () => {
  it("should probe each service's /health through the relay's client, and report a non-200 answer with its status", async () => {
    const api = gateway();
    for (let probe = 0; probe < 2; probe++) {
      const res = await request(api).get('/ready').expect(503);
      expect(res.body.checks.trainer).toMatchObject({ ok: true });
      expect(res.body.checks.predictor).toMatchObject({ ok: false, message: 'predictor /health answered 503; circuit closed' });
    }
    expect(predictor.received.filter((r) => r.url === '/health')).toHaveLength(2);
  });

  it('should answer while every connection to a service is taken, reporting it unreachable (ETIMEDOUT) after the probe time', async () => {
    // One connection to the predictor, taken by a call it has not answered: the probe gets none.
    const agent = new Agent({ keepAlive: true, maxSockets: 1 });
    const api = gateway({ predictorAgent: agent });
    const held = new Promise<ServerResponse>((resolve) => (onHeld = resolve));
    const holding = request(api).get('/models/held').then((answer) => answer.status);
    const heldRes = await held;
    const res = await request(api).get('/ready').expect(503);
    expect(res.body.checks.predictor).toMatchObject({ ok: false, message: 'predictor unreachable (ETIMEDOUT); circuit closed' });
    expect(res.body.checks.trainer).toMatchObject({ ok: true });
    heldRes.end('{}');
    expect(await holding).toBe(200);
    agent.destroy();
  });
});
