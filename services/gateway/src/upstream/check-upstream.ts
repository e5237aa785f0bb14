import type { ReadinessCheck } from '@tabula/service-kit';
import type { Upstream } from './forward-request.js';
import { fetchStatus } from './upstream-request.js';

const CIRCUIT_NOTES = {
  open: ' after failed calls: the gateway answers 503 until the open period ends and a probe call succeeds',
  'half-open': ': the next call is the probe that closes it',
} as const;

/**
 * Readiness of one upstream: its /health answers 200 within the time given. The circuit's state is
 * reported beside it, but does not decide readiness: it reflects past calls, the probe the present.
 * The upstream's address goes in `url`, which /ready shows to admin keys only. The probe goes
 * through the relay's HTTP client, on the same agent, so it also tells whether a connection to the
 * service can be had.
 */
export function checkUpstream(upstream: Upstream, timeoutMs = 2000): ReadinessCheck {
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
      // The error code only: a socket error's message quotes the internal host and port (url is shown to admins).
      const reason = (error as { code?: string }).code ?? 'no answer';
      return { ok: false, url, message: `${upstream.name} unreachable (${reason}); circuit ${circuit}` };
    }
  };
}
