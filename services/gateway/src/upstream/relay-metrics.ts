import type { ServiceMetrics } from '@tabula/service-kit';
import type { ClientSlots } from './client-slots.js';

/** Which client-side bound refused a request: a client's share of requests in flight (429), or a body too slow (408). */
export type RelayLimit = 'client_share' | 'body_pace';

/**
 * Makes the client-side bounds of the relay visible: how many relayed requests are in flight (to
 * size UPSTREAM_MAX_SOCKETS and UPSTREAM_MAX_PER_CLIENT against), and how often each bound refused
 * one. Answers the callback the relay calls on a refusal.
 */
export function observeRelay(metrics: ServiceMetrics, slots: ClientSlots): (limit: RelayLimit) => void {
  metrics.gauge({
    name: 'tabula_gateway_requests_in_flight',
    help: 'Requests being relayed to a service (waiting for a connection, sending or answering), all clients together.',
    collect() {
      this.set(slots.total);
    },
  });
  const refused = metrics.counter({
    name: 'tabula_gateway_client_limit_refusals_total',
    help: 'Requests refused by a client-side bound: client_share (429, UPSTREAM_MAX_PER_CLIENT), body_pace (408, BODY_IDLE_TIMEOUT_MS / BODY_MIN_BYTES_PER_S).',
    labelNames: ['limit'],
  });
  return (limit) => refused.inc({ limit });
}
