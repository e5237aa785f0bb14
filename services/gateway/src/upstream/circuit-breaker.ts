export interface CircuitBreakerOptions {
  /** Consecutive transport failures that open the circuit. */
  failureThreshold: number;
  /** How long an open circuit refuses calls before it lets one probe through. */
  openMs: number;
  now?: () => number;
  /** Told of every change of state, e.g. to log it and count openings. */
  onChange?: (to: CircuitState, from: CircuitState) => void;
}

export type CircuitState = 'closed' | 'open' | 'half-open';

export type Admission = { admitted: true } | { admitted: false; retryAfterMs: number };

/**
 * One upstream's circuit: closed while calls get answers; open after `failureThreshold`
 * consecutive transport failures, refusing at once instead of letting every client wait for a
 * connect error or a timeout; after `openMs` half-open, admitting a single probe whose outcome
 * closes or reopens it. Only transport failures (no connection, reset, timeout) count: an upstream
 * that answers, even 5xx, is up.
 */
export class CircuitBreaker {
  private state: CircuitState = 'closed';
  private failures = 0;
  private openedAt = 0;
  private probeInFlight = false;
  private readonly now: () => number;

  constructor(private readonly options: CircuitBreakerOptions) {
    this.now = options.now ?? Date.now;
  }

  get current(): CircuitState {
    return this.state;
  }

  /** Whether a call may go out now; when not, how long until the next probe is allowed. */
  admit(): Admission {
    if (this.state === 'closed') return { admitted: true };
    const waitedMs = this.now() - this.openedAt;
    if (this.state === 'open' && waitedMs >= this.options.openMs) this.moveTo('half-open');
    if (this.state === 'half-open' && !this.probeInFlight) {
      this.probeInFlight = true;
      return { admitted: true };
    }
    return { admitted: false, retryAfterMs: Math.max(this.options.openMs - waitedMs, 0) };
  }

  onSuccess(): void {
    this.moveTo('closed');
    this.failures = 0;
    this.probeInFlight = false;
  }

  onFailure(): void {
    this.failures += 1;
    this.probeInFlight = false;
    if (this.state === 'half-open' || this.failures >= this.options.failureThreshold) {
      this.openedAt = this.now();
      this.moveTo('open');
    }
  }

  /** A call that was admitted but ended without telling anything about the upstream (client gone). */
  onAbandoned(): void {
    this.probeInFlight = false;
  }

  private moveTo(state: CircuitState): void {
    const from = this.state;
    this.state = state;
    if (from !== state) this.options.onChange?.(state, from);
  }
}
