import type { Server } from 'node:http';
import type { Express } from 'express';
import type { Logger } from './logger.js';

export interface ServeOptions {
  port: number;
  host: string;
  logger: Logger;
  /**
   * How long a request may take to arrive whole (headers and body); 0 for no limit, when the
   * service bounds bodies another way (the gateway's body idle timeout).
   */
  requestTimeoutMs: number;
  /** How long in-flight requests get to finish after SIGTERM/SIGINT. */
  shutdownGraceMs?: number;
  /**
   * Runs as soon as the signal arrives, before in-flight requests drain: the place to fail work that
   * could not finish within the grace period anyway (a training), so its requests answer rather
   * than being cut off.
   */
  onSignal?: () => void;
  /** Runs once in-flight requests have drained, before the process exits. */
  onShutdown?: () => Promise<void>;
}

/** Listens, logs where, and shuts down gracefully on SIGTERM/SIGINT (stop accepting, drain, exit). */
export function serve(app: Express, options: ServeOptions): Promise<Server> {
  const { logger } = options;
  return new Promise((resolve, reject) => {
    const server = app.listen(options.port, options.host);
    server.requestTimeout = options.requestTimeoutMs;
    // Longer than the gateway's keep-alive agent idle timeout, so the gateway never reuses a socket
    // the service is closing.
    server.keepAliveTimeout = 65_000;
    server.headersTimeout = 66_000;
    server.once('error', reject);
    server.once('listening', () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : options.port;
      logger.info({ port, host: options.host }, 'listening');
      resolve(server);
    });
    let stopping = false;
    const shutdown = (signal: string) => {
      if (stopping) return;
      stopping = true;
      logger.info({ signal }, 'shutting down');
      const force = setTimeout(() => process.exit(1), options.shutdownGraceMs ?? 10_000);
      force.unref();
      options.onSignal?.();
      // Keep-alive connections that were busy when the signal came turn idle as their answers end;
      // close those too, or close() would wait for the clients to hang up.
      const closeIdle = setInterval(() => server.closeIdleConnections(), 100);
      closeIdle.unref();
      server.close(() => {
        clearInterval(closeIdle);
        void (options.onShutdown?.() ?? Promise.resolve()).finally(() => process.exit(0));
      });
      server.closeIdleConnections();
    };
    process.once('SIGTERM', () => shutdown('SIGTERM'));
    process.once('SIGINT', () => shutdown('SIGINT'));
  });
}
