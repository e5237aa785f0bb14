import type { ClassLabel, Evaluation, Metrics } from '@tabula/contracts';
import { argmaxRows, type Estimator } from '../estimators/estimator.js';
import { labelMetrics, scoreClasses } from './classification-metrics.js';
import { confusionMatrix } from './confusion-matrix.js';
import { probabilityMetrics } from './probability-metrics.js';
import { regressionMetrics } from './regression-metrics.js';
import type { FeatureMatrix } from '../preprocessing/transform-frame.js';

export interface EstimatorScores {
  /** The flat scores (see CLASSIFICATION_METRICS / REGRESSION_METRICS). */
  metrics: Metrics;
  /** Classifiers: per-class scores and the confusion matrix, in class-label order. */
  evaluation: Evaluation;
}

/**
 * Scores a fitted estimator on held-out rows. A classifier is scored from its probabilities: the
 * predicted class is the most probable one (as prediction does), and the AUCs and log loss come
 * from the probabilities themselves, never from hard labels.
 *
 * @param yTest class index (classification) or value per test row.
 * @param classLabels the labels of the class indices, or null for regression.
 */
export function evaluateEstimator(estimator: Estimator, test: FeatureMatrix, yTest: Float64Array, classLabels: ClassLabel[] | null): EstimatorScores {
  if (classLabels === null) return { metrics: regressionMetrics(yTest, estimator.predict(test.X, test.nRows)), evaluation: {} };
  const nClasses = classLabels.length;
  if (estimator.predictProba === undefined) throw new TypeError('every classifier estimator predicts probabilities');
  const proba = estimator.predictProba(test.X, test.nRows);
  const matrix = confusionMatrix(yTest, argmaxRows(proba, test.nRows, nClasses), nClasses);
  return {
    metrics: { ...labelMetrics(matrix), ...probabilityMetrics(yTest, proba, nClasses) },
    evaluation: {
      per_class: scoreClasses(matrix).map((scores, c) => ({ label: classLabels[c], ...scores })),
      confusion_matrix: { labels: classLabels, matrix },
    },
  };
}
