import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Writable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { ServiceMetrics, createLogger } from '@tabula/service-kit';
import request from 'supertest';
import { createApp, type GatewayDeps } from '#dist/app.js';
import { parseApiKeys } from '#dist/auth/api-keys.js';
import { createKeyRing } from '#dist/auth/key-ring.js';
import { createTokenBuckets } from '#dist/limits/rate-limiter.js';
import type { Upstream } from '#dist/upstream/forward-request.js';
import { testUpstream } from './test-upstream.js';

// The gateway's own answers (not relayed ones): the root, /ready, a path it cannot decode, failed keys.

const ADMIN_KEY = 'a'.repeat(32);
const READ_KEY = 'r'.repeat(32);

/** A stand-in service that answers /health and counts what reaches it. */
let trainerStub: Server;
let trainerUrl: string;
let trainerCalls: string[] = [];
/** Where nothing listens: the predictor is down. */
const predictorUrl = 'http://127.0.0.1:9';

beforeAll(async () => {
  trainerStub = createServer((req, res) => {
    trainerCalls.push(`${req.method} ${req.url}`);
    res.setHeader('content-type', 'application/json');
    res.end(JSON.stringify({ status: 'ok' }));
  });
  await new Promise<void>((resolve) => trainerStub.listen(0, '127.0.0.1', resolve));
  trainerUrl = `http://127.0.0.1:${(trainerStub.address() as AddressInfo).port}`;
});

afterAll(() => {
  trainerStub.close();
});

const upstream = (name: string, baseUrl: string): Upstream => testUpstream(name, baseUrl);

/** The gateway's log lines, as pino writes them. */
function logSink(): { stream: Writable; lines: () => Array<Record<string, unknown>> } {
  let text = '';
  const stream = new Writable({
    write(chunk: Buffer, _encoding, done) {
      text += chunk.toString('utf8');
      done();
    },
  });
  return { stream, lines: () => text.split('\n').filter(Boolean).map((line) => JSON.parse(line) as Record<string, unknown>) };
}

function gateway(options: { keys?: string; authFailuresPerMinute?: number; trustProxy?: GatewayDeps['trustProxy'] } = {}) {
  const sink = logSink();
  const keys = parseApiKeys(options.keys ?? '');
  const app = createApp({
    logger: createLogger('gateway', 'info', sink.stream),
    metrics: new ServiceMetrics('gateway'),
    access: {
      corsOrigins: [],
      findKey: keys.length > 0 ? createKeyRing(keys) : undefined,
      authFailures: options.authFailuresPerMinute ? createTokenBuckets(options.authFailuresPerMinute) : undefined,
    },
    trustProxy: options.trustProxy ?? false,
    trainer: upstream('trainer', trainerUrl),
    predictor: upstream('predictor', predictorUrl),
    timeouts: { trainMs: 10_000, predictMs: 10_000, readMs: 10_000 },
  });
  return { app, logs: sink.lines };
}

const KEYS = `${ADMIN_KEY}:admin,${READ_KEY}:read`;

describe('gateway', () => {
  describe('GET /', () => {
    it.each(['GET', 'HEAD'] as const)('should redirect %s to the API docs at /docs, with or without keys configured', async (method) => {
      for (const keys of [undefined, KEYS]) {
        const { app } = gateway({ keys });
        const res = method === 'GET' ? await request(app).get('/') : await request(app).head('/');
        expect([302, 307]).toContain(res.status);
        expect(res.headers.location).toBe('/docs');
      }
    });
  });

  describe('GET /ready', () => {
    /** The upstreams' addresses found in a text, as URLs or as the host:port an error message would quote. */
    const urlsIn = (text: string) =>
      [trainerUrl, predictorUrl].filter((url) => new RegExp(`${new URL(url).host.replace(/\./g, '\\.')}(?!\\d)`).test(text));

    it('should show each upstream status but no internal URL to an anonymous caller or a read key', async () => {
      const open = await request(gateway().app).get('/ready');
      expect(open.status).toBe(503);
      expect(open.body.checks.trainer.ok).toBe(true);
      expect(open.body.checks.predictor).toMatchObject({ ok: false, message: expect.stringMatching(/predictor unreachable.*circuit closed/) });
      expect(urlsIn(open.text)).toEqual([]);

      const { app } = gateway({ keys: KEYS });
      for (const headers of [{}, { authorization: `Bearer ${READ_KEY}` }, { 'x-api-key': 'not-a-key-at-all-000' }]) {
        const res = await request(app).get('/ready').set(headers);
        expect(res.status).toBe(503);
        expect(urlsIn(res.text)).toEqual([]);
      }
    });

    it('should show the upstream URLs to an admin key', async () => {
      const res = await request(gateway({ keys: KEYS }).app).get('/ready').set('x-api-key', ADMIN_KEY);
      expect(res.status).toBe(503);
      expect(res.body.checks.trainer).toMatchObject({ ok: true, url: trainerUrl });
      expect(res.body.checks.predictor).toMatchObject({ ok: false, url: predictorUrl });
    });

    it('should log the URL of an upstream that is not ready', async () => {
      const { app, logs } = gateway();
      await request(app).get('/ready').expect(503);
      const line = logs().find((entry) => entry.check === 'predictor');
      expect(line).toMatchObject({ level: 'warn', url: predictorUrl, reason: expect.stringMatching(/unreachable/) });
      expect(logs().some((entry) => entry.check === 'trainer')).toBe(false);
    });
  });

  describe('a path with a malformed percent-escape', () => {
    it.each(['/models/%E0%A4%A', '/models/%zz', '/models/%zz/versions/1/export'])('should answer GET %s 400 INVALID_INPUT without relaying it', async (path) => {
      trainerCalls = [];
      const res = await request(gateway().app).get(path);
      expect(res.status).toBe(400);
      expect(res.body.error.code).toBe('INVALID_INPUT');
      expect(trainerCalls).toEqual([]);
    });

    it('should answer DELETE 400 too, which the trainer would serve', async () => {
      trainerCalls = [];
      const res = await request(gateway().app).delete('/models/%zz/versions/1');
      expect(res.status).toBe(400);
      expect(trainerCalls).toEqual([]);
    });
  });

  describe('failed authentication', () => {
    it('should answer 429 with Retry-After once an address has failed too often, log it, and spare other addresses', async () => {
      const { app, logs } = gateway({ keys: KEYS, authFailuresPerMinute: 3, trustProxy: ['loopback'] });
      const from = (address: string) => ({ 'x-forwarded-for': address });
      const statuses: number[] = [];
      for (let i = 0; i < 3; i++) statuses.push((await request(app).get('/models').set({ ...from('203.0.113.7'), 'x-api-key': `wrong-key-${i}-0000000000` })).status);
      statuses.push((await request(app).get('/models').set(from('203.0.113.7'))).status);
      expect(statuses).toEqual([401, 401, 401, 429]);

      // Refused before the key is looked at, so a guess that happens to be right tells nothing.
      const blocked = await request(app).post('/train').set({ ...from('203.0.113.7'), 'x-api-key': ADMIN_KEY });
      expect(blocked.status).toBe(429);
      expect(blocked.body.error.code).toBe('TOO_MANY_REQUESTS');
      expect(Number(blocked.headers['retry-after'])).toBeGreaterThanOrEqual(1);
      expect(blocked.body.error.message).toMatch(/failed authentication/i);

      // Another address is not affected, and its good key passes the door.
      expect((await request(app).get('/models').set(from('198.51.100.2'))).status).toBe(401);
      const other = await request(app).delete('/models/%zz/versions/1').set({ ...from('198.51.100.2'), 'x-api-key': ADMIN_KEY });
      expect(other.status).toBe(400);

      const warned = logs().filter((entry) => entry.client_address === '203.0.113.7' && entry.level === 'warn');
      expect(warned.length).toBeGreaterThanOrEqual(1);
      expect(JSON.stringify(logs())).not.toContain(ADMIN_KEY);
    });

    it('should count a wrong key sent to a public route, where it would otherwise be free to guess', async () => {
      const { app } = gateway({ keys: KEYS, authFailuresPerMinute: 2 });
      for (let i = 0; i < 2; i++) await request(app).get('/ready').set('x-api-key', `wrong-key-${i}-0000000000`);
      expect((await request(app).get('/models').set('x-api-key', READ_KEY)).status).toBe(429);
      // The probes themselves keep answering, without the admin-only details.
      const ready = await request(app).get('/ready').set('x-api-key', ADMIN_KEY);
      expect(ready.status).toBe(503);
      expect(ready.text).not.toContain(predictorUrl);
    });

    it('should not limit good keys or calls without auth configured', async () => {
      const { app } = gateway({ keys: KEYS, authFailuresPerMinute: 1 });
      for (let i = 0; i < 5; i++) expect((await request(app).get('/ready').set('x-api-key', READ_KEY)).status).toBe(503);
      const open = gateway({ authFailuresPerMinute: 1 });
      for (let i = 0; i < 3; i++) expect((await request(open.app).get('/models/%zz')).status).toBe(400);
    });
  });
});
