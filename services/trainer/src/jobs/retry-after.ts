/** Bounds of a Retry-After estimate, in seconds. */
const MIN_S = 1;
const MAX_S = 3600;

export interface QueueState {
  /** How long each running job has been running, in ms. */
  runningForMs: number[];
  /** Run times of recent successful jobs, in ms (may be empty right after start-up). */
  recentRunTimesMs: number[];
}

/**
 * Seconds until the full training queue likely has room again: a queued job moves to a worker (and
 * frees its place) as soon as any running job ends, so this is the shortest expected remaining run
 * time. A job is expected to take the mean of recent run times; one already past that, or any job
 * when there is no history yet, is expected to run about as long again as it has so far.
 */
export function estimateRetryAfterS({ runningForMs, recentRunTimesMs }: QueueState): number {
  const expectedMs = recentRunTimesMs.length > 0 ? recentRunTimesMs.reduce((sum, ms) => sum + ms, 0) / recentRunTimesMs.length : undefined;
  const remainingMs = runningForMs.map((elapsedMs) =>
    expectedMs !== undefined && expectedMs > elapsedMs ? expectedMs - elapsedMs : elapsedMs,
  );
  const soonestS = Math.ceil(Math.min(...remainingMs) / 1000);
  return Number.isFinite(soonestS) ? Math.min(MAX_S, Math.max(MIN_S, soonestS)) : MIN_S;
}
