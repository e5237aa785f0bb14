import { Writable } from 'node:stream';
import { describe, expect, it } from '@jest/globals';
import { parseDatabaseUrl } from '@tabula/contracts';
import { ServiceMetrics, createLogger } from '@tabula/service-kit';
import { openRateLimits } from './open-rate-limits.js';
import type { RateDecision } from './rate-limiter.js';

/** A logger whose lines the test reads. */
function capturedLogger() {
  let text = '';
  const stream = new Writable({
    write(chunk: Buffer, _encoding, done) {
      text += chunk.toString('utf8');
      done();
    },
  });
  const lines = () => text.split('\n').filter(Boolean).map((line) => JSON.parse(line) as Record<string, unknown>);
  return { logger: createLogger('gateway', 'info', stream), lines };
}

const retryAfterOf = (decision: RateDecision | undefined) => (decision && !decision.allowed ? decision.retryAfterS : 0);

describe('openRateLimits', () => {
  it('should count in memory without a database, as a single gateway always has', async () => {
    const { logger, lines } = capturedLogger();
    const limits = await openRateLimits({ requestsPerMinute: 2, authFailuresPerMinute: 1 }, { logger });
    expect(limits.where).toBe('memory');
    // Token buckets: 2 at once, then one every 30 s (Retry-After counts down from 30 as time passes).
    const decisions = [await limits.rateLimit?.('a'), await limits.rateLimit?.('a'), await limits.rateLimit?.('a')];
    expect(decisions.map((d) => d?.allowed)).toEqual([true, true, false]);
    expect(retryAfterOf(decisions[2])).toBeGreaterThanOrEqual(1);
    expect(retryAfterOf(decisions[2])).toBeLessThanOrEqual(30);
    await limits.authFailures?.take('10.0.0.1');
    expect(retryAfterOf(await limits.authFailures?.peek('10.0.0.1'))).toBeGreaterThan(30);
    expect(lines()).toEqual([]);
    await limits.close();
  });

  it('should set up no limit at all when none is on, with or without a database', async () => {
    const { logger } = capturedLogger();
    const limits = await openRateLimits({ requestsPerMinute: 0, authFailuresPerMinute: 0, database: parseDatabaseUrl('postgres://u:p@127.0.0.1:9/db') }, { logger });
    expect(limits).toMatchObject({ rateLimit: undefined, authFailures: undefined, where: 'memory' });
  });

  it('should answer from memory while the database is down, saying once which database and why', async () => {
    const { logger, lines } = capturedLogger();
    const metrics = new ServiceMetrics('gateway');
    // Port 9 (discard): nothing listens there, as for the gateway's other tests of a service that is down.
    const database = parseDatabaseUrl('postgres://tabula:s3cret@127.0.0.1:9/tabula');
    const limits = await openRateLimits({ requestsPerMinute: 2, authFailuresPerMinute: 1, database }, { logger, metrics });
    try {
      expect(limits.where).toBe(`postgres ${database.hostPort}`);
      const decisions = [];
      for (let i = 0; i < 3; i++) decisions.push(await limits.rateLimit?.('TABULA_API_KEYS #1'));
      expect(decisions.map((d) => d?.allowed)).toEqual([true, true, false]);
      expect(await limits.authFailures?.peek('10.0.0.1')).toEqual({ allowed: true });

      const warnings = lines().filter((line) => line.level === 'warn');
      expect(warnings).toHaveLength(1);
      expect(warnings[0]).toMatchObject({
        msg: 'shared rate limits unavailable: this gateway counts on its own until the database answers',
        database: database.hostPort,
        reason: expect.stringMatching(/ECONNREFUSED/),
      });
      expect(JSON.stringify(lines())).not.toContain('s3cret');
      expect(await metrics.registry.metrics()).toMatch(/tabula_gateway_shared_rate_limits_up\{service="gateway"\} 0/);
    } finally {
      await limits.close();
    }
  });
});
