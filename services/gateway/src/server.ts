import { Agent } from 'node:http';
import { ServiceMetrics, createLogger, runMain, serve } from '@tabula/service-kit';
import { createApp } from './app.js';
import { loadApiKeys } from './auth/api-keys.js';
import { createKeyRing } from './auth/key-ring.js';
import { loadGatewayConfig } from './config.js';
import { openRateLimits } from './limits/open-rate-limits.js';
import { CircuitBreaker } from './upstream/circuit-breaker.js';
import { observeCircuits } from './upstream/circuit-metrics.js';
import { ClientSlots } from './upstream/client-slots.js';
import type { RelayLimits, Upstream } from './upstream/forward-request.js';
import { observeRelay } from './upstream/relay-metrics.js';
import { RetryBudget } from './upstream/retry-policy.js';

runMain('gateway', async () => {
  const config = loadGatewayConfig();
  const logger = createLogger('gateway', config.LOG_LEVEL);
  const metrics = new ServiceMetrics('gateway');
  const onCircuitChange = observeCircuits(metrics, logger);
  // One count for both services: a client's share is of the gateway, not of each upstream.
  const clientSlots = new ClientSlots(config.UPSTREAM_MAX_PER_CLIENT);
  const relay: RelayLimits = {
    drainMaxBytes: config.BODY_DRAIN_MB * 1024 * 1024,
    bodyPace: { idleTimeoutMs: config.BODY_IDLE_TIMEOUT_MS, minBytesPerS: config.BODY_MIN_BYTES_PER_S },
    clientSlots,
    onRefused: observeRelay(metrics, clientSlots),
  };
  const upstream = (name: string, baseUrls: string[]): Upstream => {
    // Keep-alive agents reuse connections to the services instead of a TCP handshake per request;
    // past maxSockets, requests queue for a free connection. One agent, and so one bound, per replica.
    const replicas = baseUrls.map((baseUrl) => ({ name, baseUrl, agent: new Agent({ keepAlive: true, maxSockets: config.UPSTREAM_MAX_SOCKETS }) }));
    return { ...replicas[0], replicas, ...policies(name) };
  };
  const policies = (name: string): Omit<Upstream, 'name' | 'baseUrl' | 'agent' | 'replicas'> => ({
    breaker: new CircuitBreaker({
      failureThreshold: config.BREAKER_FAILURE_THRESHOLD,
      openMs: config.BREAKER_OPEN_MS,
      onChange: onCircuitChange(name),
    }),
    retry: { maxRetries: config.UPSTREAM_RETRIES, baseDelayMs: config.UPSTREAM_RETRY_BASE_MS, maxDelayMs: config.UPSTREAM_RETRY_MAX_MS },
    // Retries may add at most a fifth to the traffic, with ten saved up for a quiet start.
    retryBudget: new RetryBudget(0.2, 10),
    relay,
  });
  /** Each replica's id (as in logs and metrics) and address, for the startup line. */
  const replicaIds = (name: string, baseUrls: string[]) =>
    baseUrls.length === 1 ? baseUrls[0] : Object.fromEntries(baseUrls.map((url, i) => [`${name}-${i + 1}`, url]));
  const apiKeys = loadApiKeys(config);
  // Failed authentications are only counted when there are keys to fail.
  const limits = await openRateLimits(
    {
      requestsPerMinute: config.RATE_LIMIT_PER_MINUTE,
      authFailuresPerMinute: apiKeys.length > 0 ? config.AUTH_FAILURES_PER_MINUTE : 0,
      database: config.DATABASE_URL,
    },
    { logger, metrics },
  );
  const app = createApp({
    logger,
    metrics,
    access: {
      corsOrigins: config.CORS_ORIGINS,
      findKey: apiKeys.length > 0 ? createKeyRing(apiKeys) : undefined,
      rateLimit: limits.rateLimit,
      authFailures: limits.authFailures,
    },
    trustProxy: config.TRUST_PROXY,
    trainer: upstream('trainer', config.TRAINER_URL),
    predictor: upstream('predictor', config.PREDICTOR_URL),
    timeouts: { trainMs: config.TRAIN_TIMEOUT_MS, predictMs: config.PREDICT_TIMEOUT_MS, readMs: config.READ_TIMEOUT_MS },
  });
  await serve(app, {
    port: config.GATEWAY_PORT,
    host: config.HOST,
    logger,
    // No total time for a request: bodies are bounded by BODY_IDLE_TIMEOUT_MS and
    // BODY_MIN_BYTES_PER_S, answers by each route's upstream timeout.
    requestTimeoutMs: 0,
    onShutdown: () => limits.close(),
  });
  logger.info(
    {
      trainer: replicaIds('trainer', config.TRAINER_URL),
      predictor: replicaIds('predictor', config.PREDICTOR_URL),
      api_keys: { admin: apiKeys.filter((k) => k.role === 'admin').length, read: apiKeys.filter((k) => k.role === 'read').length },
      rate_limit_per_minute: config.RATE_LIMIT_PER_MINUTE || 'off',
      auth_failures_per_minute: config.AUTH_FAILURES_PER_MINUTE || 'off',
      // "memory": each gateway counts on its own; "postgres host:port": all gateways share the counts (cluster mode).
      rate_limits_in: limits.where,
      cors_origins: config.CORS_ORIGINS,
      trust_proxy: config.TRUST_PROXY,
      upstream: { max_sockets: config.UPSTREAM_MAX_SOCKETS, max_per_client: config.UPSTREAM_MAX_PER_CLIENT },
      body: { idle_timeout_ms: config.BODY_IDLE_TIMEOUT_MS, min_bytes_per_s: config.BODY_MIN_BYTES_PER_S, drain_mb: config.BODY_DRAIN_MB },
    },
    apiKeys.length > 0 ? 'gateway ready' : 'gateway ready; no API keys are set (TABULA_API_KEYS), so every call is open',
  );
});
