import axios from 'axios';
import type { ReadinessCheck } from '@tabula/service-kit';
import type { Upstream } from './forward-request.js';

const CIRCUIT_NOTES = {
  open: ' after failed calls: the gateway answers 503 until the open period ends and a probe call succeeds',
  'half-open': ': the next call is the probe that closes it',
} as const;

/**
 * Readiness of one upstream: its /health answers 200 within the time given. The circuit's state is
 * reported beside it, but does not decide readiness: it reflects past calls, the probe the present.
 */
export function checkUpstream(upstream: Upstream, timeoutMs = 2000): ReadinessCheck {
  return async () => {
    const circuit = upstream.breaker.current;
    try {
      const response = await axios.get(new URL('/health', upstream.baseUrl).toString(), {
        timeout: timeoutMs,
        httpAgent: upstream.agent,
        validateStatus: () => true,
      });
      if (response.status === 200) return circuit === 'closed' ? { ok: true } : { ok: true, message: `circuit ${circuit}${CIRCUIT_NOTES[circuit]}` };
      return { ok: false, message: `${upstream.name} /health answered ${response.status}; circuit ${circuit}` };
    } catch (error) {
      return { ok: false, message: `${upstream.name} unreachable at ${upstream.baseUrl}: ${(error as Error).message}; circuit ${circuit}` };
    }
  };
}
