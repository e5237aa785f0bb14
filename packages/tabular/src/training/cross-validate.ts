import { invalidInput, type CrossValidation, type Metrics } from '@tabula/contracts';
import { assignFolds } from './assign-folds.js';
import { describeValue } from '../csv/cell-value.js';
import { evaluateEstimator } from '../metrics/evaluate-estimator.js';
import { fitPipeline, toFrameRows, type FitPipelineInput } from './fit-pipeline.js';
import { TRAINING_RNG_STREAMS, createTrainingRng } from './training-rng.js';
import { transformFrame } from '../preprocessing/transform-frame.js';

/** What a fold fits with, minus what cross-validation derives per fold itself, plus the fold count. */
export interface CrossValidateInput extends Omit<FitPipelineInput, 'balanceRng' | 'onTreeGrown'> {
  /** Number of folds. */
  k: number;
}

/**
 * k-fold cross-validation of the whole pipeline on the training split, as scikit-learn's
 * cross_validate with (Stratified)KFold(shuffle=True): each fold refits preprocessing, resampling
 * and model on the other folds and scores itself. Reports each metric's mean, population std and
 * per-fold values; a metric some fold could not compute is left out. Throws INVALID_INPUT when the
 * training split is too small for k folds.
 */
export function crossValidate(input: CrossValidateInput): CrossValidation {
  const { frame, target, positions, seed, k } = input;
  const classIdx = target.classLabels === null ? null : Float64Array.from(positions, (i) => target.y[i]);
  assertFoldsFit(input, classIdx);
  const fold = assignFolds(positions.length, k, classIdx, createTrainingRng(seed, TRAINING_RNG_STREAMS.crossValidation));
  const perFold: Metrics[] = [];
  for (let f = 0; f < k; f++) {
    const fitPositions = positions.filter((_, i) => fold[i] !== f);
    const testPositions = positions.filter((_, i) => fold[i] === f);
    const balanceRng = createTrainingRng(seed, TRAINING_RNG_STREAMS.classBalance, f + 1);
    const { preprocessor, estimator } = fitPipeline({ ...input, positions: fitPositions, balanceRng });
    const test = transformFrame(preprocessor, frame, toFrameRows(target, testPositions));
    const yTest = Float64Array.from(testPositions, (i) => target.y[i]);
    perFold.push(evaluateEstimator(estimator, test, yTest, target.classLabels).metrics);
  }
  return { folds: k, stratified: classIdx !== null, metrics: summarize(perFold) };
}

function assertFoldsFit({ target, positions, k }: CrossValidateInput, classIdx: Float64Array | null): void {
  if (classIdx === null || target.classLabels === null) {
    if (positions.length >= 2 * k) return;
    throw invalidInput(`cv=${k} needs at least ${2 * k} training rows (2 per fold), but the training split has ${positions.length}.`, {
      hint: `Lower cv to ${Math.max(2, Math.floor(positions.length / 2))} or less, lower test_size, or add rows.`,
      details: [{ path: 'cv', message: `${k} folds need ${2 * k} training rows` }],
    });
  }
  const counts = new Array<number>(target.classLabels.length).fill(0);
  for (const c of classIdx) counts[c]++;
  const smallest = counts.indexOf(Math.min(...counts));
  if (counts[smallest] >= k) return;
  const label = describeValue(target.classLabels[smallest]);
  throw invalidInput(
    `cv=${k} needs at least ${k} training rows of every class, so that every fold holds each class, but class ${label} has ${counts[smallest]} in the training split.`,
    {
      hint: counts[smallest] >= 2 ? `Lower cv to ${counts[smallest]} or less, lower test_size, or add rows of class ${label}.` : `Leave cv out, or add rows of class ${label}.`,
      details: [{ path: 'cv', message: `class ${label} has ${counts[smallest]} training rows, fewer than ${k} folds` }],
    },
  );
}

/** Mean, population std (numpy's default, as scikit-learn users report it) and per-fold values of each metric every fold has. */
function summarize(perFold: Metrics[]): CrossValidation['metrics'] {
  const names = Object.keys(perFold[0]).filter((name) => perFold.every((metrics) => metrics[name] !== undefined));
  return Object.fromEntries(
    names.map((name) => {
      const values = perFold.map((metrics) => metrics[name]);
      const mean = values.reduce((sum, value) => sum + value, 0) / values.length;
      const variance = values.reduce((sum, value) => sum + (value - mean) ** 2, 0) / values.length;
      return [name, { mean, std: Math.sqrt(variance), values }];
    }),
  );
}
