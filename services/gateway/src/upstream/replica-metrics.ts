import type { ServiceMetrics } from '@tabula/service-kit';
import type { ReplicaPoolOptions } from './replica-pool.js';

/**
 * Makes each replica's place in the rotation visible: a gauge per replica, 1 while calls may go to it, 0 while it
 * is out (a failed call or a /ready other than 200) and probed until it answers. The pool logs each change.
 * Replicas are labelled by id (`predictor-2`, in the order of PREDICTOR_URL; a lone one by the service's name),
 * not by address: the startup log maps ids to URLs.
 */
export function observeReplicas(metrics: ServiceMetrics): NonNullable<ReplicaPoolOptions['onRotation']> {
  const inRotation = metrics.gauge({
    name: 'tabula_gateway_upstream_replica_in_rotation',
    help: 'Whether calls go to each replica of a service: 1 in the rotation, 0 out of it until its /ready answers 200.',
    labelNames: ['upstream', 'replica'],
  });
  return (replica, isIn) => inRotation.set({ upstream: replica.target.name, replica: replica.id }, isIn ? 1 : 0);
}
