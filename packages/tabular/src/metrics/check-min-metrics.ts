import { LOWER_IS_BETTER_METRICS, type Metrics } from '@tabula/contracts';

/**
 * The reasons held-out metrics miss min_metrics thresholds, one per missed threshold, in the order
 * given; [] when every threshold is met. A threshold is a minimum, except on error metrics (rmse,
 * mae, log_loss), where lower is better and it is a maximum. A metric the test split could not
 * produce (an AUC without both classes) misses its threshold: the gate fails closed.
 */
export function checkMinMetrics(metrics: Metrics, thresholds: Record<string, number>): string[] {
  return Object.entries(thresholds).flatMap(([name, threshold]) => {
    const value = metrics[name];
    const isMaximum = LOWER_IS_BETTER_METRICS.has(name);
    if (value === undefined) {
      return [`${name} could not be computed on the test split (it needs both positive and negative rows), so the ${isMaximum ? 'maximum' : 'minimum'} ${threshold} is not met`];
    }
    if (isMaximum && value > threshold) return [`${name} ${format(value, threshold)} is above the maximum ${threshold} (${name} is an error: lower is better)`];
    if (!isMaximum && value < threshold) return [`${name} ${format(value, threshold)} is below the minimum ${threshold}`];
    return [];
  });
}

/** Few digits, but enough that the value shown is visibly on the wrong side of its threshold (0.8999996, not 0.9). */
function format(value: number, threshold: number): string {
  for (let digits = 4; digits < 17; digits++) {
    const shown = Number(value.toPrecision(digits));
    if (shown !== threshold && (shown < threshold) === (value < threshold)) return String(shown);
  }
  return String(value);
}
