import axios from 'axios';
import type { ReadinessCheck } from '@tabula/service-kit';
import type { Upstream } from './forward-request.js';

/** Readiness of one upstream: its /health answers 200 within the time given. */
export function checkUpstream(upstream: Upstream, timeoutMs = 2000): ReadinessCheck {
  return async () => {
    try {
      const response = await axios.get(new URL('/health', upstream.baseUrl).toString(), {
        timeout: timeoutMs,
        httpAgent: upstream.agent,
        validateStatus: () => true,
      });
      return response.status === 200
        ? { ok: true }
        : { ok: false, message: `${upstream.name} /health answered ${response.status}` };
    } catch (error) {
      return { ok: false, message: `${upstream.name} unreachable at ${upstream.baseUrl}: ${(error as Error).message}` };
    }
  };
}
