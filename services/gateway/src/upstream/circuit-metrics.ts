import type { Logger, ServiceMetrics } from '@tabula/service-kit';
import type { CircuitBreakerOptions, CircuitState } from './circuit-breaker.js';

const STATE_VALUES: Record<CircuitState, number> = { closed: 0, 'half-open': 1, open: 2 };

/**
 * Makes each upstream's circuit visible: a gauge of its state, a counter of its changes, and a log
 * line per change (an opening is a warning: calls to that service are refused for a while).
 */
export function observeCircuits(metrics: ServiceMetrics, logger: Logger): (upstream: string) => NonNullable<CircuitBreakerOptions['onChange']> {
  const state = metrics.gauge({
    name: 'tabula_gateway_upstream_circuit_state',
    help: 'State of the circuit breaker to each service: 0 closed, 1 half-open (one probe call allowed), 2 open (calls refused with 503).',
    labelNames: ['upstream'],
  });
  const changes = metrics.counter({
    name: 'tabula_gateway_upstream_circuit_changes_total',
    help: 'Changes of state of the circuit breaker to each service, by the state entered.',
    labelNames: ['upstream', 'state'],
  });
  return (upstream) => {
    state.set({ upstream }, STATE_VALUES.closed);
    return (to, from) => {
      state.set({ upstream }, STATE_VALUES[to]);
      changes.inc({ upstream, state: to });
      const fields = { upstream, circuit: to, previous: from };
      if (to === 'open') logger.warn(fields, `circuit to ${upstream} opened: calls are refused with 503 until a probe call succeeds`);
      else logger.info(fields, `circuit to ${upstream} ${to}`);
    };
  };
}
