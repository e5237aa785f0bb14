import type { ClassLabel, Evaluation, FeatureImportance, Metrics, ModelType, Task } from '@tabula/contracts';
import type { Estimator } from '../estimators/estimator.js';
import type { PreprocessorState } from '../preprocessing/preprocessor-state.js';
import type { FeatureMatrix } from '../preprocessing/transform-frame.js';
import { createTabularModel, type TabularModel } from '../tabular-model.js';
import { TRAINING_RNG_STREAMS, createTrainingRng } from '../training/training-rng.js';
import { evaluateEstimator } from './evaluate-estimator.js';
import { permutationImportance } from './permutation-importance.js';

export interface HeldOutInput {
  modelType: ModelType;
  task: Task;
  preprocessor: PreprocessorState;
  estimator: Estimator;
  classLabels: ClassLabel[] | null;
  /** The held-out rows, preprocessed, and their class index or value. */
  test: FeatureMatrix;
  yTest: Float64Array;
  /** The training's random_state: permutation importance draws from its own stream of it. */
  seed: number;
}

export interface HeldOutScores {
  model: TabularModel;
  metrics: Metrics;
  evaluation: Evaluation;
  featureImportance: FeatureImportance;
}

/**
 * The end of every training, in memory or streamed: the fitted pipeline as a model, and its scores and
 * permutation importances on the held-out rows (importances drawn from the seed's own stream, so they repeat).
 */
export function scoreHeldOut({ modelType, task, preprocessor, estimator, classLabels, test, yTest, seed }: HeldOutInput): HeldOutScores {
  const scores = evaluateEstimator(estimator, test, yTest, classLabels);
  const importanceRng = createTrainingRng(seed, TRAINING_RNG_STREAMS.permutationImportance);
  return {
    model: createTabularModel({ modelType, task, preprocessor, estimator, classLabels }),
    metrics: scores.metrics,
    evaluation: scores.evaluation,
    featureImportance: permutationImportance(estimator, preprocessor, test, yTest, classLabels !== null, importanceRng),
  };
}
