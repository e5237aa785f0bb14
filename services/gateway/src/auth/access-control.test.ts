import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from '@jest/globals';
import { createLogger, errorHandler, requestContext } from '@tabula/service-kit';
import express from 'express';
import { createRateLimiter } from '../limits/rate-limiter.js';
import { accessControl, type AccessControlOptions } from './access-control.js';
import { parseApiKeys } from './api-keys.js';
import { createKeyRing } from './key-ring.js';

const READ_KEY = 'r'.repeat(32);
const logger = createLogger('test', 'silent');
const servers: Array<{ close(): void }> = [];

/** A gateway-shaped app: the door, then routes that answer 200, then the one error handler. */
async function start(options: AccessControlOptions): Promise<string> {
  const app = express();
  app.use(requestContext(logger), accessControl(options));
  app.get('/health', (_req, res) => void res.json({ ok: true }));
  app.get('/models', (_req, res) => void res.json({ ok: true }));
  app.post('/train', (_req, res) => void res.json({ ok: true }));
  app.use(errorHandler(logger));
  const server = app.listen(0, '127.0.0.1');
  servers.push(server);
  await new Promise((resolve) => server.once('listening', resolve));
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

afterEach(() => {
  for (const server of servers.splice(0)) server.close();
});

describe('accessControl', () => {
  it('should limit by client address when no keys are set, and never count probes', async () => {
    const url = await start({ corsOrigins: [], rateLimit: createRateLimiter(2) });
    const statuses = [];
    for (let i = 0; i < 3; i++) statuses.push((await fetch(`${url}/models`)).status);
    expect(statuses).toEqual([200, 200, 429]);
    const refused = await fetch(`${url}/models`);
    // Retry-After is the whole seconds left in the window, which a busy machine may already have used a second of.
    const retryAfter = Number(refused.headers.get('retry-after'));
    expect(Number.isInteger(retryAfter) && retryAfter >= 1 && retryAfter <= 30).toBe(true);
    expect(((await refused.json()) as { error: { code: string } }).error.code).toBe('TOO_MANY_REQUESTS');
    expect((await fetch(`${url}/health`)).status).toBe(200);
  });

  it('should answer a refused upload with its status and keep the connection', async () => {
    const url = await start({ corsOrigins: [], findKey: createKeyRing(parseApiKeys(`${READ_KEY}:read`)) });
    // A multipart upload, as curl -F and fetch send it: written in several chunks while the answer comes.
    const upload = () => {
      const body = new FormData();
      body.append('dataset_file', new Blob(['a,b\n'.repeat(16 * 1024)]), 'data.csv');
      return body;
    };
    for (let i = 0; i < 20; i++) {
      const unauthorized = await fetch(`${url}/train`, { method: 'POST', body: upload() });
      expect(unauthorized.status).toBe(401);
      await unauthorized.arrayBuffer();
      const forbidden = await fetch(`${url}/train`, { method: 'POST', body: upload(), headers: { 'x-api-key': READ_KEY } });
      expect(forbidden.status).toBe(403);
      expect(forbidden.headers.get('connection')).not.toBe('close');
      await forbidden.arrayBuffer();
    }
  });
});
