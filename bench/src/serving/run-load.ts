import type { Agent } from 'node:http';
import { performance } from 'node:perf_hooks';
import { send, type HttpResult, type PreparedRequest } from './http-client.js';
import { summarizeLatencies, type LatencyStats } from './latency-stats.js';

export interface LoadOptions {
  /** Requests in flight at once: each of this many workers sends its next request when the last one answers. */
  concurrency: number;
  /** Measured requests, shared among the workers. */
  requests: number;
  /** Unmeasured requests sent first, with the same concurrency. */
  warmup: number;
  /** Whether an answer counts as a success; by default status 200. */
  isOk?: (result: HttpResult) => boolean;
  /** Stops sending early (requests already sent still count) once this returns true. */
  shouldStop?: () => boolean;
}

export interface LoadResult extends LatencyStats {
  errors: number;
  firstError?: string;
}

const isStatus200 = (result: HttpResult) => result.status === 200;

/**
 * A closed-loop load generator: N workers over a fixed request count, each request timed with
 * performance.now() from send to the last response byte. Failed requests are counted, not timed.
 */
export async function runLoad(agent: Agent, prepared: PreparedRequest, options: LoadOptions): Promise<LoadResult> {
  const isOk = options.isOk ?? isStatus200;
  if (options.warmup > 0) await runLoad(agent, prepared, { ...options, requests: options.warmup, warmup: 0 });
  const latencies: number[] = [];
  let next = 0;
  let errors = 0;
  let firstError: string | undefined;
  const fail = (message: string) => {
    errors++;
    firstError ??= message;
  };
  async function worker(): Promise<void> {
    while (next < options.requests && !options.shouldStop?.()) {
      next++;
      const startMs = performance.now();
      try {
        const result = await send(agent, prepared);
        const elapsedMs = performance.now() - startMs;
        if (isOk(result)) latencies.push(elapsedMs);
        else fail(`status ${result.status}: ${result.body.toString('utf8', 0, 300)}`);
      } catch (error) {
        fail((error as Error).message);
      }
    }
  }
  const startMs = performance.now();
  await Promise.all(Array.from({ length: options.concurrency }, worker));
  const stats = summarizeLatencies(latencies, performance.now() - startMs);
  return { ...stats, errors, ...(firstError !== undefined ? { firstError } : {}) };
}
