import type { Logger } from '@tabula/service-kit';
import { fetchStatus, type UpstreamTarget } from './upstream-request.js';

/** One replica of a service, as the pool sees it. `id` names it in logs and metrics (`predictor-2`), never to clients. */
export interface Replica {
  id: string;
  target: UpstreamTarget;
  /** Out of rotation: a call to it failed, or its /ready did not answer 200; skipped until it does. */
  isOut: boolean;
  inFlight: number;
}

export interface ReplicaPoolOptions {
  logger: Logger;
  /** How often an out replica's /ready is asked, one probe at a time. */
  probeIntervalMs: number;
  /** How long one probe may take, connection wait included. */
  probeTimeoutMs: number;
  /** Told when a replica leaves (false) or rejoins (true) the rotation, and once per replica at the start (true). */
  onRotation?: (replica: Replica, isIn: boolean) => void;
}

/**
 * The replicas of one service (TRAINER_URL or PREDICTOR_URL, one URL or several) and where each call goes.
 *
 * Least in-flight, ties broken in turn: calls differ a thousandfold in cost (a training takes minutes, a JSON
 * predict milliseconds), so plain round robin would queue calls behind a replica busy with a long one while
 * another sits idle; counting the calls each has open follows the real load with nothing to tune (Envoy's
 * LEAST_REQUEST, nginx's least_conn). The turn keeps equal replicas evenly used.
 *
 * A replica whose call failed in transport (refused, reset, timed out) or whose /ready answered anything but 200
 * leaves the rotation; while out, its /ready is probed every `probeIntervalMs` and a 200 brings it back. When
 * every replica is out, calls still go to one of them: the service's circuit breaker, not the pool, decides when
 * to refuse at once, and it counts only failures that leave no replica in rotation (forward-request.ts), so it
 * opens when the service as a whole is down, never for one bad replica among good ones. A pool of one never takes its replica out (there is nowhere else to send a call), so one URL
 * behaves exactly as before lists: the breaker alone.
 */
export class ReplicaPool {
  readonly replicas: Replica[];
  private turn = 0;
  private readonly probing = new Set<Replica>();

  constructor(
    readonly name: string,
    targets: UpstreamTarget[],
    private readonly options: ReplicaPoolOptions,
  ) {
    const isSingle = targets.length === 1;
    this.replicas = targets.map((target, i) => ({ id: isSingle ? name : `${name}-${i + 1}`, target, isOut: false, inFlight: 0 }));
    for (const replica of this.replicas) options.onRotation?.(replica, true);
  }

  get size(): number {
    return this.replicas.length;
  }

  /** The replica for the next call: in rotation and least busy, preferring ones not in `tried` (a retry's). */
  pick(tried: ReadonlySet<Replica> = new Set()): Replica {
    const untried = this.replicas.filter((replica) => !tried.has(replica));
    const fresh = untried.length > 0 ? untried : this.replicas;
    const inRotation = fresh.filter((replica) => !replica.isOut);
    const candidates = inRotation.length > 0 ? inRotation : fresh;
    const start = this.turn++ % this.replicas.length;
    let best: Replica | undefined;
    for (let i = 0; i < this.replicas.length; i++) {
      const replica = this.replicas[(start + i) % this.replicas.length];
      if (candidates.includes(replica) && (best === undefined || replica.inFlight < best.inFlight)) best = replica;
    }
    return best ?? this.replicas[0];
  }

  /**
   * A call's transport failed: the replica leaves the rotation until its /ready answers 200. Answers whether
   * another replica is still in rotation, i.e. whether the failure is this replica's rather than the service's.
   */
  onFailure(replica: Replica, reason: string): boolean {
    this.takeOut(replica, reason);
    return this.replicas.some((other) => other !== replica && !other.isOut);
  }

  /** A /ready answer of the replica's, from the gateway's own readiness check. */
  onReadiness(replica: Replica, isReady: boolean, reason: string): void {
    if (isReady) this.bringBack(replica);
    else this.takeOut(replica, reason);
  }

  private takeOut(replica: Replica, reason: string): void {
    if (this.size === 1 || replica.isOut) return;
    replica.isOut = true;
    this.options.logger.warn(
      { upstream: this.name, replica: replica.id, url: replica.target.baseUrl, reason },
      `${replica.id} left the rotation (${reason}): calls go to the other ${this.name} replicas until its /ready answers 200`,
    );
    this.options.onRotation?.(replica, false);
    this.probe(replica);
  }

  private bringBack(replica: Replica): void {
    if (!replica.isOut) return;
    replica.isOut = false;
    this.options.logger.info({ upstream: this.name, replica: replica.id, url: replica.target.baseUrl }, `${replica.id} is back in the rotation: its /ready answered 200`);
    this.options.onRotation?.(replica, true);
  }

  /**
   * Asks an out replica's /ready until it answers 200: one probe at a time per replica, each bounded by
   * probeTimeoutMs, then probeIntervalMs of rest. The timer is unref'd: a probe never keeps the process alive.
   */
  private probe(replica: Replica): void {
    if (this.probing.has(replica)) return;
    this.probing.add(replica);
    const next = () => {
      if (!replica.isOut) return void this.probing.delete(replica);
      setTimeout(() => {
        fetchStatus(replica.target, '/ready', this.options.probeTimeoutMs).then(
          (status) => (status === 200 ? this.bringBack(replica) : undefined),
          () => undefined,
        ).finally(next);
      }, this.options.probeIntervalMs).unref();
    };
    next();
  }
}
