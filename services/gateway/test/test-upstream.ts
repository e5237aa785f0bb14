import { Agent } from 'node:http';
import { CircuitBreaker } from '#dist/upstream/circuit-breaker.js';
import { ClientSlots } from '#dist/upstream/client-slots.js';
import type { Upstream } from '#dist/upstream/forward-request.js';
import { RetryBudget } from '#dist/upstream/retry-policy.js';

/**
 * An upstream for the gateway's createApp tests: no retries, no keep-alive, and the relay bounds
 * at their defaults (30 s body idle, 4 MB drain, 64 requests per client).
 */
export const testUpstream = (name: string, baseUrl = 'http://127.0.0.1:9'): Upstream => ({
  name,
  baseUrl,
  agent: new Agent({ keepAlive: false }),
  breaker: new CircuitBreaker({ failureThreshold: 5, openMs: 5_000 }),
  retry: { maxRetries: 0, baseDelayMs: 10, maxDelayMs: 10 },
  retryBudget: new RetryBudget(0.2, 10),
  relay: {
    drainMaxBytes: 4 * 1024 * 1024,
    bodyPace: { idleTimeoutMs: 30_000, minBytesPerS: 500 },
    clientSlots: new ClientSlots(64),
  },
});

/**
 * A service with several replicas (a URL list), each on its own agent, as server.ts builds them: `maxRetries`
 * retries (default 1, so a GET may fail over), the rest as testUpstream.
 */
export const testReplicas = (name: string, baseUrls: string[], { maxRetries = 1 } = {}): Upstream => {
  const replicas = baseUrls.map((baseUrl) => ({ name, baseUrl, agent: new Agent({ keepAlive: false }) }));
  return { ...testUpstream(name, baseUrls[0]), ...replicas[0], replicas, retry: { maxRetries, baseDelayMs: 10, maxDelayMs: 10 } };
};
