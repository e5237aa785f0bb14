import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Writable } from 'node:stream';
import { afterAll, afterEach, beforeAll, describe, expect, it } from '@jest/globals';
import { startTestPostgres, type TestPostgres } from '@tabula/model-store/testing';
import { ServiceMetrics, createLogger } from '@tabula/service-kit';
import type { Express } from 'express';
import pg from 'pg';
import request from 'supertest';
import { createApp } from '#dist/app.js';
import { parseApiKeys } from '#dist/auth/api-keys.js';
import { createKeyRing } from '#dist/auth/key-ring.js';
import { loadGatewayConfig } from '#dist/config.js';
import { openRateLimits, type RateLimits } from '#dist/limits/open-rate-limits.js';
import { testUpstream } from './test-upstream.js';

// Cluster mode's rate limits: gateways (createApp, as server.ts wires them) over one real PostgreSQL database count
// one budget per key, a restarted gateway finds it spent, and a database that stops answering costs no call.

const KEYS = ['a', 'b', 'c', 'd', 'e'].map((c) => c.repeat(32));
const API_KEYS = parseApiKeys(KEYS.map((key) => `${key}:read`).join(','));
const PER_MINUTE = 3;
const AUTH_FAILURES_PER_MINUTE = 2;

let postgres: TestPostgres;
/** Answers every call with 200: the services behind the gateways. */
let upstream: Server;
let upstreamUrl: string;
const opened: RateLimits[] = [];

beforeAll(async () => {
  upstream = createServer((_req, res) => {
    res.setHeader('content-type', 'application/json');
    res.end('[]');
  });
  await new Promise<void>((resolve) => upstream.listen(0, '127.0.0.1', resolve));
  upstreamUrl = `http://127.0.0.1:${(upstream.address() as AddressInfo).port}`;
  postgres = await startTestPostgres();
});

afterEach(async () => {
  await Promise.all(opened.splice(0).map((limits) => limits.close()));
});

afterAll(async () => {
  await new Promise((resolve) => upstream.close(resolve));
  await postgres?.stop();
});

interface TestGateway {
  app: Express;
  /** Messages of the lines it logged so far. */
  logged: () => string[];
}

/** A gateway as server.ts builds it from DATABASE_URL and the limits, logging into memory. */
async function startGateway(databaseUrl: string): Promise<TestGateway> {
  let text = '';
  const sink = new Writable({
    write(chunk: Buffer, _encoding, done) {
      text += chunk.toString('utf8');
      done();
    },
  });
  const logger = createLogger('gateway', 'info', sink);
  const config = loadGatewayConfig({ DATABASE_URL: databaseUrl, RATE_LIMIT_PER_MINUTE: String(PER_MINUTE), AUTH_FAILURES_PER_MINUTE: String(AUTH_FAILURES_PER_MINUTE) });
  const metrics = new ServiceMetrics('gateway');
  // A window of an hour, so that none ends while a slow machine runs the test; timeouts generous for the same reason.
  const limits = await openRateLimits(
    { requestsPerMinute: config.RATE_LIMIT_PER_MINUTE, authFailuresPerMinute: config.AUTH_FAILURES_PER_MINUTE, database: config.DATABASE_URL },
    { logger, metrics, windowS: 3600, timeoutMs: 30_000 },
  );
  opened.push(limits);
  const app = createApp({
    logger,
    metrics,
    access: { corsOrigins: [], findKey: createKeyRing(API_KEYS), rateLimit: limits.rateLimit, authFailures: limits.authFailures },
    trustProxy: false,
    trainer: testUpstream('trainer', upstreamUrl),
    predictor: testUpstream('predictor', upstreamUrl),
    timeouts: { trainMs: 10_000, predictMs: 10_000, readMs: 10_000 },
  });
  const logged = () =>
    text
      .split('\n')
      .filter(Boolean)
      .map((line) => String((JSON.parse(line) as { msg: unknown }).msg));
  return { app, logged };
}

const listModels = (gateway: TestGateway, key: string) => request(gateway.app).get('/models').set('x-api-key', key);
const statusesOf = async (calls: Array<[TestGateway, string]>) => {
  const statuses = [];
  for (const [gateway, key] of calls) statuses.push((await listModels(gateway, key)).status);
  return statuses;
};

/** Runs SQL as the server's superuser on its maintenance database. */
async function asAdmin(sql: string): Promise<void> {
  const client = new pg.Client({ connectionString: postgres.urlFor('postgres') });
  await client.connect();
  try {
    await client.query(sql);
  } finally {
    await client.end();
  }
}

/** Waits for a log line, polling with a generous bound: the database probe retries every 5 s at most. */
async function untilLogged(gateway: TestGateway, message: RegExp): Promise<void> {
  const deadline = Date.now() + 60_000;
  while (!gateway.logged().some((line) => message.test(line))) {
    if (Date.now() > deadline) throw new Error(`never logged ${message}; logged: ${gateway.logged().join(' | ')}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

describe('shared rate limits (DATABASE_URL)', () => {
  it('should count one budget per key across two gateways, and a restarted gateway should find it spent', async () => {
    const databaseUrl = await postgres.createDatabase();
    // Started together: both create the table at once, under the advisory lock.
    const [one, two] = await Promise.all([startGateway(databaseUrl), startGateway(databaseUrl)]);
    expect(one.logged()).toContain('shared rate limits ready: every gateway counts against one budget');

    expect(await statusesOf([[one, KEYS[0]], [two, KEYS[0]], [one, KEYS[0]]])).toEqual([200, 200, 200]);
    const refused = await listModels(two, KEYS[0]);
    expect(refused.status).toBe(429);
    expect(refused.body.error.code).toBe('TOO_MANY_REQUESTS');
    expect(Number(refused.headers['retry-after'])).toBeGreaterThan(0);
    // Another key has a budget of its own.
    expect((await listModels(two, KEYS[1])).status).toBe(200);

    await opened.shift()?.close();
    const restarted = await startGateway(databaseUrl);
    expect(await statusesOf([[restarted, KEYS[0]], [restarted, KEYS[1]]])).toEqual([429, 200]);
  });

  it('should lock out an address that failed authentication too often on any gateway', async () => {
    const databaseUrl = await postgres.createDatabase();
    const [one, two] = await Promise.all([startGateway(databaseUrl), startGateway(databaseUrl)]);
    const wrongKey = 'w'.repeat(32);

    expect(await statusesOf([[one, wrongKey], [two, wrongKey]])).toEqual([401, 401]);
    const lockedOut = await listModels(one, KEYS[2]);
    expect(lockedOut.status).toBe(429);
    expect(lockedOut.body.error.message).toMatch(/failed authentications/);
  });

  it('should answer from each gateway own count while the database refuses connections, and share again once it is back', async () => {
    const databaseUrl = await postgres.createDatabase();
    const database = new URL(databaseUrl).pathname.slice(1);
    const [one, two] = await Promise.all([startGateway(databaseUrl), startGateway(databaseUrl)]);
    expect(await statusesOf([[one, KEYS[0]], [two, KEYS[0]]])).toEqual([200, 200]);

    // The database goes away for the gateways: no new connection, and the open ones cut.
    await asAdmin(`ALTER DATABASE ${database} ALLOW_CONNECTIONS false`);
    await asAdmin(`SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = '${database}'`);
    // Each gateway counts on its own: three calls per key on each, then 429; never a 500.
    expect(await statusesOf([[one, KEYS[3]], [one, KEYS[3]], [one, KEYS[3]], [one, KEYS[3]]])).toEqual([200, 200, 200, 429]);
    expect(await statusesOf([[two, KEYS[3]], [two, KEYS[3]], [two, KEYS[3]], [two, KEYS[3]]])).toEqual([200, 200, 200, 429]);
    expect(one.logged()).toContain('shared rate limits unavailable: this gateway counts on its own until the database answers');
    // A gateway started during the outage serves too, and says why it counts on its own.
    const late = await startGateway(databaseUrl);
    expect((await listModels(late, KEYS[4])).status).toBe(200);
    expect(late.logged()).toContain('shared rate limits unavailable: this gateway counts on its own until the database answers');

    await asAdmin(`ALTER DATABASE ${database} ALLOW_CONNECTIONS true`);
    for (const gateway of [one, two, late]) await untilLogged(gateway, /^shared rate limits restored/);
    // Shared again: the budget spent before the outage is still there, and a fresh key's counts add up across gateways.
    expect(await statusesOf([[late, KEYS[0]], [late, KEYS[0]]])).toEqual([200, 429]);
    expect(await statusesOf([[one, KEYS[4]], [two, KEYS[4]], [late, KEYS[4]], [one, KEYS[4]]])).toEqual([200, 200, 200, 429]);
  });
});
