import { isClassifier, type ModelType } from './model-params.js';

/**
 * The held-out metrics each task reports, with scikit-learn's definitions (see docs/api.md). Every
 * classifier reports all of CLASSIFICATION_METRICS when its test split allows (the AUCs need both
 * a positive and a negative row per class averaged).
 */
export const CLASSIFICATION_METRICS = [
  'accuracy',
  'balanced_accuracy',
  'precision_macro',
  'recall_macro',
  'f1_macro',
  'roc_auc',
  'pr_auc',
  'log_loss',
] as const;
export const REGRESSION_METRICS = ['r2', 'rmse', 'mae'] as const;
export type MetricName = (typeof CLASSIFICATION_METRICS)[number] | (typeof REGRESSION_METRICS)[number];

/** Error metrics: lower is better, so a min_metrics threshold on one of them is a maximum. */
export const LOWER_IS_BETTER_METRICS: ReadonlySet<string> = new Set<MetricName>(['log_loss', 'rmse', 'mae']);

export function metricNamesFor(modelType: ModelType): readonly MetricName[] {
  return isClassifier(modelType) ? CLASSIFICATION_METRICS : REGRESSION_METRICS;
}

/** The min_metrics names a model type accepts, and which of them are maximums, for error messages. */
export function describeValidMetrics(modelType: ModelType): string {
  const names = metricNamesFor(modelType);
  const maximums = names.filter((name) => LOWER_IS_BETTER_METRICS.has(name));
  return `valid: ${names.join(', ')}; thresholds on ${maximums.join(' and ')} are maximums (lower is better)`;
}
