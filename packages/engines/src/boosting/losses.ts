import type { BoostingLossName } from './boosting-options.js';

/**
 * The losses of gradient boosting, as scikit-learn's _loss module defines them (half squared error,
 * half Poisson deviance, absolute error, binary and multinomial log loss on raw scores).
 *
 * Shapes: n training rows and K = nTreesPerIteration outputs; `raw`, `gradients` and `hessians` are
 * Float64Array (K * n,), class-major (output k of row i at k * n + i), so each tree reads one
 * contiguous slice. `y` is Float64Array (n,): the target, or the class index for log loss. `weights`
 * is Float64Array (n,) or null (every row weighs 1).
 */
export interface BoostingLoss {
  readonly name: BoostingLossName;
  /** Trees per iteration: nClasses for multiclass log loss, else 1. */
  readonly nTreesPerIteration: number;
  /** When every hessian is this constant (> 0), histograms skip them; 0 when hessians vary. */
  readonly constantHessian: number;
  /** Float64Array (K,): the raw score minimizing the loss before any tree (sklearn's fit_intercept_only). */
  baseline(y: Float64Array, weights: Float64Array | null): Float64Array;
  /** @param gradients OUT; @param hessians OUT (left untouched when constantHessian > 0). */
  computeGradients(y: Float64Array, weights: Float64Array | null, raw: Float64Array, gradients: Float64Array, hessians: Float64Array): void;
  /** Weighted mean loss over `rows` (all n rows when null). */
  meanLoss(y: Float64Array, weights: Float64Array | null, raw: Float64Array, rows: Uint32Array | null): number;
  /**
   * absolute_error only: a leaf's value before shrinkage, the weighted median of y − raw over its rows
   * (sklearn refits such leaves, since the gradient's sign says nothing of the step's size).
   */
  leafValue?(y: Float64Array, weights: Float64Array | null, raw: Float64Array, rows: Uint32Array, start: number, end: number): number;
}

/** sklearn clips probabilities of the baseline away from 0 and 1 by this much. */
const PROBABILITY_EPS = 1e-15;

/**
 * @param nClasses classes of a log-loss target (2 gives one tree per iteration); ignored otherwise.
 */
export function createLoss(name: BoostingLossName, nClasses: number): BoostingLoss {
  switch (name) {
    case 'squared_error':
      return SQUARED_ERROR;
    case 'absolute_error':
      return ABSOLUTE_ERROR;
    case 'poisson':
      return POISSON;
    case 'log_loss':
      return nClasses === 2 ? BINARY_LOG_LOSS : multinomialLogLoss(nClasses);
  }
}

/** Weighted mean of f(i) over rows (all n when null). */
function weightedMean(n: number, weights: Float64Array | null, rows: Uint32Array | null, f: (i: number) => number): number {
  let total = 0;
  let weight = 0;
  const count = rows === null ? n : rows.length;
  for (let j = 0; j < count; j++) {
    const i = rows === null ? j : rows[j];
    const w = weights === null ? 1 : weights[i];
    total += w * f(i);
    weight += w;
  }
  return total / weight;
}

function weightedAverage(y: Float64Array, weights: Float64Array | null): number {
  return weightedMean(y.length, weights, null, (i) => y[i]);
}

/** loss ½(y − raw)², gradient raw − y, hessian 1 (times the row's weight). */
const SQUARED_ERROR: BoostingLoss = {
  name: 'squared_error',
  nTreesPerIteration: 1,
  constantHessian: 1,
  baseline: (y, weights) => Float64Array.of(weightedAverage(y, weights)),
  computeGradients(y, weights, raw, gradients) {
    for (let i = 0; i < y.length; i++) gradients[i] = weights === null ? raw[i] - y[i] : weights[i] * (raw[i] - y[i]);
  },
  meanLoss: (y, weights, raw, rows) => weightedMean(y.length, weights, rows, (i) => 0.5 * (y[i] - raw[i]) ** 2),
};

/** loss |y − raw|, gradient sign(raw − y), hessian 1; leaves refitted to the median residual. */
const ABSOLUTE_ERROR: BoostingLoss = {
  name: 'absolute_error',
  nTreesPerIteration: 1,
  constantHessian: 1,
  baseline: (y, weights) => Float64Array.of(weightedMedian(weights, Uint32Array.from(y.keys()), 0, y.length, (i) => y[i])),
  computeGradients(y, weights, raw, gradients) {
    for (let i = 0; i < y.length; i++) gradients[i] = (weights === null ? 1 : weights[i]) * Math.sign(raw[i] - y[i]);
  },
  meanLoss: (y, weights, raw, rows) => weightedMean(y.length, weights, rows, (i) => Math.abs(y[i] - raw[i])),
  leafValue: (y, weights, raw, rows, start, end) => weightedMedian(weights, rows, start, end, (i) => y[i] - raw[i]),
};

/**
 * Median of value(rows[start..end)): without weights numpy's median (the mean of the middle two for an
 * even count); with weights the first value whose cumulative weight reaches half the total.
 */
function weightedMedian(
  weights: Float64Array | null,
  rows: Uint32Array,
  start: number,
  end: number,
  value: (i: number) => number,
): number {
  const n = end - start;
  const values = new Float64Array(n);
  for (let j = 0; j < n; j++) values[j] = value(rows[start + j]);
  if (weights === null) {
    values.sort();
    return n % 2 === 1 ? values[(n - 1) / 2] : (values[n / 2 - 1] + values[n / 2]) / 2;
  }
  const order = Array.from({ length: n }, (_, j) => j).sort((a, b) => values[a] - values[b]);
  let total = 0;
  for (let j = start; j < end; j++) total += weights[rows[j]];
  let cumulative = 0;
  for (const j of order) {
    cumulative += weights[rows[start + j]];
    if (cumulative >= total / 2) return values[j];
  }
  return values[order[n - 1]];
}

/** Half Poisson deviance with a log link: loss exp(raw) − y·raw, gradient exp(raw) − y, hessian exp(raw). */
const POISSON: BoostingLoss = {
  name: 'poisson',
  nTreesPerIteration: 1,
  constantHessian: 0,
  baseline: (y, weights) => Float64Array.of(Math.log(weightedAverage(y, weights))),
  computeGradients(y, weights, raw, gradients, hessians) {
    for (let i = 0; i < y.length; i++) {
      const w = weights === null ? 1 : weights[i];
      const mu = Math.exp(raw[i]);
      gradients[i] = w * (mu - y[i]);
      hessians[i] = w * mu;
    }
  },
  meanLoss: (y, weights, raw, rows) => weightedMean(y.length, weights, rows, (i) => Math.exp(raw[i]) - y[i] * raw[i]),
};

/** log(1 + e^x) without overflow. */
function softplus(x: number): number {
  return x > 0 ? x + Math.log1p(Math.exp(-x)) : Math.log1p(Math.exp(x));
}

function sigmoid(x: number): number {
  if (x >= 0) return 1 / (1 + Math.exp(-x));
  const e = Math.exp(x);
  return e / (1 + e);
}

/** Binary log loss on the log-odds: loss log(1 + e^raw) − y·raw, gradient p − y, hessian p(1 − p). */
const BINARY_LOG_LOSS: BoostingLoss = {
  name: 'log_loss',
  nTreesPerIteration: 1,
  constantHessian: 0,
  baseline(y, weights) {
    const p = Math.min(1 - PROBABILITY_EPS, Math.max(PROBABILITY_EPS, weightedAverage(y, weights)));
    return Float64Array.of(Math.log(p / (1 - p)));
  },
  computeGradients(y, weights, raw, gradients, hessians) {
    for (let i = 0; i < y.length; i++) {
      const w = weights === null ? 1 : weights[i];
      const p = sigmoid(raw[i]);
      gradients[i] = w * (p - y[i]);
      hessians[i] = w * p * (1 - p);
    }
  },
  meanLoss: (y, weights, raw, rows) => weightedMean(y.length, weights, rows, (i) => softplus(raw[i]) - y[i] * raw[i]),
};

/**
 * Multinomial log loss on K raw scores (softmax): loss logsumexp(raw) − raw_y, gradient p_k − [y = k],
 * hessian p_k(1 − p_k), sklearn's diagonal approximation.
 */
function multinomialLogLoss(nClasses: number): BoostingLoss {
  const K = nClasses;
  const proba = new Float64Array(K);
  /** Softmax of row i's K scores into `proba`; returns logsumexp. */
  const softmaxRow = (raw: Float64Array, n: number, i: number): number => {
    let max = -Infinity;
    for (let k = 0; k < K; k++) max = Math.max(max, raw[k * n + i]);
    let sum = 0;
    for (let k = 0; k < K; k++) sum += proba[k] = Math.exp(raw[k * n + i] - max);
    for (let k = 0; k < K; k++) proba[k] /= sum;
    return max + Math.log(sum);
  };
  return {
    name: 'log_loss',
    nTreesPerIteration: K,
    constantHessian: 0,
    baseline(y, weights) {
      const out = new Float64Array(K);
      for (let k = 0; k < K; k++) out[k] = Math.log(Math.max(PROBABILITY_EPS, weightedMean(y.length, weights, null, (i) => +(y[i] === k))));
      // Softmax ignores a shift; centring keeps the scores symmetric, as sklearn's multinomial link does.
      const mean = out.reduce((a, b) => a + b, 0) / K;
      for (let k = 0; k < K; k++) out[k] -= mean;
      return out;
    },
    computeGradients(y, weights, raw, gradients, hessians) {
      const n = y.length;
      for (let i = 0; i < n; i++) {
        softmaxRow(raw, n, i);
        const w = weights === null ? 1 : weights[i];
        for (let k = 0; k < K; k++) {
          const p = proba[k];
          gradients[k * n + i] = w * (p - +(y[i] === k));
          hessians[k * n + i] = w * p * (1 - p);
        }
      }
    },
    meanLoss: (y, weights, raw, rows) => weightedMean(y.length, weights, rows, (i) => softmaxRow(raw, y.length, i) - raw[y[i] * y.length + i]),
  };
}
