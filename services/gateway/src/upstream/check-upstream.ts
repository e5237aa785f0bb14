import type { ReadinessCheck } from '@tabula/service-kit';
import type { PooledUpstream } from './forward-request.js';
import type { Replica } from './replica-pool.js';
import { fetchStatus } from './upstream-request.js';

const CIRCUIT_NOTES = {
  open: ' after failed calls: the gateway answers 503 until the open period ends and a probe call succeeds',
  'half-open': ': the next call is the probe that closes it',
} as const;

/**
 * Readiness of one service. The circuit's state is reported beside it, but does not decide readiness: it reflects
 * past calls, the probe the present. The address goes in `url`, which /ready shows to admin keys only. The probe
 * goes through the relay's HTTP client, on the same agent, so it also tells whether a connection can be had.
 *
 * One replica (one URL): its /health answers 200 within the time given, as before lists existed. Several: each
 * replica's /ready is asked, the service is ready when at least one is (calls go to the ready ones), the message
 * lists every replica by id, `url` every address in order, and each answer also moves its replica in or out of
 * the rotation, so a replica whose /ready fails stops getting calls even when no call has failed yet.
 */
export function checkUpstream(upstream: PooledUpstream, timeoutMs = 2000): ReadinessCheck {
  const { pool } = upstream;
  if (pool.size > 1) return checkReplicas(upstream, timeoutMs);
  const url = upstream.baseUrl;
  return async () => {
    const circuit = upstream.breaker.current;
    try {
      const status = await fetchStatus(upstream, '/health', timeoutMs);
      if (status === 200) {
        return circuit === 'closed' ? { ok: true, url } : { ok: true, url, message: `circuit ${circuit}${CIRCUIT_NOTES[circuit]}` };
      }
      return { ok: false, url, message: `${upstream.name} /health answered ${status}; circuit ${circuit}` };
    } catch (error) {
      return { ok: false, url, message: `${upstream.name} unreachable (${codeOf(error)}); circuit ${circuit}` };
    }
  };
}

function checkReplicas({ name, pool, breaker }: PooledUpstream, timeoutMs: number): ReadinessCheck {
  const url = pool.replicas.map((replica) => replica.target.baseUrl).join(',');
  const probeOne = async (replica: Replica): Promise<string | undefined> => {
    try {
      const status = await fetchStatus(replica.target, '/ready', timeoutMs);
      const problem = status === 200 ? undefined : `/ready answered ${status}`;
      pool.onReadiness(replica, problem === undefined, problem ?? 'ready');
      return problem;
    } catch (error) {
      const problem = `unreachable (${codeOf(error)})`;
      pool.onReadiness(replica, false, problem);
      return problem;
    }
  };
  return async () => {
    const problems = await Promise.all(pool.replicas.map(probeOne));
    const readyCount = problems.filter((problem) => problem === undefined).length;
    const each = pool.replicas.map((replica, i) => `${replica.id} ${problems[i] === undefined ? 'ready' : `${problems[i]}, out of rotation`}`);
    const circuit = breaker.current === 'closed' ? '' : `; circuit ${breaker.current}${CIRCUIT_NOTES[breaker.current]}`;
    return { ok: readyCount > 0, url, message: `${readyCount} of ${pool.size} ${name} replicas ready: ${each.join('; ')}${circuit}` };
  };
}

// The error code only: a socket error's message quotes the internal host and port (url is shown to admins).
const codeOf = (error: unknown): string => (error as { code?: string }).code ?? 'no answer';
