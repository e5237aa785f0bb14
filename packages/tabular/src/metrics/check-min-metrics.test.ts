import { describe, expect, it } from '@jest/globals';
import { checkMinMetrics } from './check-min-metrics.js';

describe('checkMinMetrics(metrics, thresholds)', () => {
  it('should pass metrics at or above their minimums', () => {
    expect(checkMinMetrics({ accuracy: 0.9, roc_auc: 0.95 }, { accuracy: 0.9, roc_auc: 0.8 })).toEqual([]);
    expect(checkMinMetrics({ accuracy: 0.5 }, {})).toEqual([]);
  });

  it('should name each metric below its minimum, with value and threshold', () => {
    expect(checkMinMetrics({ accuracy: 0.8999996, f1_macro: 0.5, roc_auc: 0.99 }, { roc_auc: 0.9, accuracy: 0.9, f1_macro: 0.7 })).toEqual([
      'accuracy 0.8999996 is below the minimum 0.9',
      'f1_macro 0.5 is below the minimum 0.7',
    ]);
  });

  it('should read thresholds on rmse, mae and log_loss as maximums', () => {
    expect(checkMinMetrics({ rmse: 1.5, mae: 0.4, r2: 0.7 }, { rmse: 1, mae: 0.5, r2: 0.6 })).toEqual([
      'rmse 1.5 is above the maximum 1 (rmse is an error: lower is better)',
    ]);
    expect(checkMinMetrics({ log_loss: 0.2 }, { log_loss: 0.3 })).toEqual([]);
  });

  it('should fail closed on a metric the test split could not produce', () => {
    expect(checkMinMetrics({ accuracy: 1 }, { roc_auc: 0.9 })).toEqual([
      'roc_auc could not be computed on the test split (it needs both positive and negative rows), so the minimum 0.9 is not met',
    ]);
  });
});
