import { invalidInput, type ClassBalance, type ClassBalanceMethod, type ClassCounts, type ClassLabel, type ModelSpec } from '@tabula/contracts';
import { supportsSampleWeight } from '../estimators/fit-estimator.js';
import { shuffleInPlace, type UniformRng } from './training-rng.js';

/** The rows an estimator is fitted on once the training split is rebalanced. */
export interface BalancedRows {
  /** Positions into the target's rows, ascending; an oversampled row appears more than once. */
  positions: Uint32Array;
  /** method weights: the weight of each entry of `positions`; undefined otherwise. */
  sampleWeight?: Float64Array;
  report: ClassBalance;
}

/**
 * Refuses a class_balance the model cannot apply, before any work: resampling needs classes, and
 * weights need an engine that fits weighted rows.
 */
export function assertClassBalanceSupported(spec: ModelSpec, method: ClassBalanceMethod, nClasses: number): void {
  if (method !== 'none' && nClasses === 0) {
    throw invalidInput(`class_balance=${method} applies to classifiers, but ${spec.modelType} is a regressor.`, {
      hint: 'Leave class_balance out (none) for regression.',
      details: [{ path: 'class_balance', message: `${method} needs a classifier` }],
    });
  }
  if (method === 'weights' && !supportsSampleWeight(spec)) {
    throw invalidInput(
      `class_balance=weights needs an engine that fits weighted rows; engine "${spec.params.engine}" cannot. ` +
        'RandomForestClassifier and LogisticRegression support it with engine "tabula" (the default).',
      {
        hint: 'Remove "engine": "mljs" from model_params, or use class_balance=oversample or undersample, which work with every engine.',
        details: [{ path: 'class_balance', message: `weights is not supported by engine "${spec.params.engine}"` }],
      },
    );
  }
}

/**
 * Rebalances the classes of a training split, as imbalanced-learn's random samplers and
 * scikit-learn's class_weight="balanced" do; only training rows are ever passed in.
 * - undersample: every class is cut to the smallest class's count (drawn without replacement);
 * - oversample: every class is topped up to the largest class's count (extra rows drawn with replacement);
 * - weights: rows stay, each weighing n / (n_classes × its class's count).
 *
 * @param positions positions into `classIdx` (the training split).
 * @param classIdx class index per position, in [0, classLabels.length).
 * @param rng seeded: the draws are reproducible for a random_state.
 */
export function balanceClasses(
  positions: Uint32Array,
  classIdx: ArrayLike<number>,
  classLabels: ClassLabel[],
  method: ClassBalanceMethod,
  rng: UniformRng,
): BalancedRows {
  const byClass = classLabels.map(() => [] as number[]);
  for (const position of positions) byClass[classIdx[position]].push(position);
  const before = toCounts(byClass.map((rows) => rows.length), classLabels);
  if (method === 'none' || method === 'weights') {
    const report: ClassBalance = { method, train_counts_before: before, train_counts_after: before };
    if (method === 'none') return { positions, report };
    const weights = byClass.map((rows) => positions.length / (classLabels.length * rows.length));
    report.class_weights = Object.fromEntries(classLabels.map((label, c) => [String(label), weights[c]]));
    return { positions, sampleWeight: Float64Array.from(positions, (position) => weights[classIdx[position]]), report };
  }

  const sizes = byClass.map((rows) => rows.length);
  const target = method === 'undersample' ? Math.min(...sizes) : Math.max(...sizes);
  const kept = byClass.map((rows) => (method === 'undersample' ? shuffleInPlace(rows, rng).slice(0, target) : topUp(rows, target, rng)));
  return {
    positions: Uint32Array.from(kept.flat()).sort(),
    report: { method, train_counts_before: before, train_counts_after: toCounts(kept.map((rows) => rows.length), classLabels) },
  };
}

/** The rows of a class plus draws with replacement from them until there are `target`. */
function topUp(rows: number[], target: number, rng: UniformRng): number[] {
  const out = [...rows];
  while (out.length < target) out.push(rows[Math.floor(rng() * rows.length)]);
  return out;
}

function toCounts(counts: number[], classLabels: ClassLabel[]): ClassCounts {
  return Object.fromEntries(classLabels.map((label, c) => [String(label), counts[c]]));
}
