/**
 * The L2-penalized log-loss of (multinomial) logistic regression and its gradient, in scikit-learn's
 * scaled form: f(w) = (Σ_i s_i·logloss_i + ½‖W‖² / C) / Σ_i s_i, with sample weights s_i (1 when not
 * given, so the divisor is nRows). This is sklearn's `C·Σ s_i·logloss_i + ½‖W‖²` divided by C·Σ s_i:
 * the same minimizer, and a gradient on the scale its `tol` was chosen for. Intercepts are not penalized.
 */
export interface LogisticProblem {
  /** Float64Array (nFeatures * nRows,), column-major, standardized, no NaN. */
  X: Float64Array;
  nRows: number;
  nFeatures: number;
  /** Int32Array (nRows,): class indices in [0, nClasses). */
  y: Int32Array;
  nClasses: number;
  /** Inverse penalty strength, > 0; Infinity for no penalty. */
  C: number;
  fitIntercept: boolean;
  /** Float64Array (nRows,) of weights >= 0 (e.g. class weights); absent means 1 per row. */
  sampleWeight?: Float64Array;
}

/**
 * Coefficient layout: nOutputs rows (1 for a binary problem, which models class 1 against class 0 with
 * one sigmoid as sklearn does; nClasses for softmax), each nFeatures weights then, when fitted, one
 * intercept.
 */
export function coefShape(problem: LogisticProblem): { nOutputs: number; rowLength: number } {
  return { nOutputs: problem.nClasses === 2 ? 1 : problem.nClasses, rowLength: problem.nFeatures + (problem.fitIntercept ? 1 : 0) };
}

/** Rows per block: a block's slice of every column stays in cache from the scores to the gradient. */
const BLOCK_ROWS = 2048;

/**
 * @param coef Float64Array (nOutputs * rowLength,), see coefShape.
 * @param gradOut OUT Float64Array, same shape as coef.
 * @param scratch Float64Array (nOutputs * nRows,): linear scores, then residuals; overwritten.
 * @returns the objective f(coef).
 */
export function computeLossAndGradient(problem: LogisticProblem, coef: Float64Array, gradOut: Float64Array, scratch: Float64Array): number {
  const { X, nRows, nFeatures, y, C, fitIntercept, sampleWeight } = problem;
  const { nOutputs, rowLength } = coefShape(problem);
  gradOut.fill(0);
  let loss = 0;
  for (let first = 0; first < nRows; first += BLOCK_ROWS) {
    const end = Math.min(nRows, first + BLOCK_ROWS);
    for (let k = 0; k < nOutputs; k++) {
      const z = scratch.subarray(k * nRows + first, k * nRows + end);
      addScores(z, X, nRows, first, coef, k * rowLength, nFeatures, fitIntercept ? coef[k * rowLength + nFeatures] : 0);
    }
    loss += nOutputs === 1
      ? binaryResiduals(scratch, y, sampleWeight, first, end)
      : softmaxResiduals(scratch, y, sampleWeight, nRows, nOutputs, first, end);
    for (let k = 0; k < nOutputs; k++) {
      const residual = scratch.subarray(k * nRows + first, k * nRows + end);
      addGradient(gradOut, k * rowLength, residual, X, nRows, first, nFeatures);
      if (fitIntercept) {
        let sum = 0;
        for (let i = 0; i < residual.length; i++) sum += residual[i];
        gradOut[k * rowLength + nFeatures] += sum;
      }
    }
  }
  const penalty = 1 / C;
  let squaredNorm = 0;
  for (let k = 0; k < nOutputs; k++) {
    for (let f = 0; f < nFeatures; f++) {
      const w = coef[k * rowLength + f];
      gradOut[k * rowLength + f] += penalty * w;
      squaredNorm += w * w;
    }
  }
  const totalWeight = sampleWeight === undefined ? nRows : sumOf(sampleWeight);
  for (let i = 0; i < gradOut.length; i++) gradOut[i] /= totalWeight;
  return (loss + (penalty === 0 ? 0 : 0.5 * penalty * squaredNorm)) / totalWeight;
}

function sumOf(values: Float64Array): number {
  let sum = 0;
  for (let i = 0; i < values.length; i++) sum += values[i];
  return sum;
}

/**
 * z = intercept + Σ_f w_f·X[f][first + i], four columns per pass over z: loads and stores of z, not
 * multiplications, are what this loop waits on.
 */
function addScores(
  z: Float64Array,
  X: Float64Array,
  nRows: number,
  first: number,
  w: Float64Array,
  wAt: number,
  nFeatures: number,
  intercept: number,
): void {
  z.fill(intercept);
  let f = 0;
  for (; f + 3 < nFeatures; f += 4) {
    const [w0, w1, w2, w3] = [w[wAt + f], w[wAt + f + 1], w[wAt + f + 2], w[wAt + f + 3]];
    const c0 = f * nRows + first;
    const [c1, c2, c3] = [c0 + nRows, c0 + 2 * nRows, c0 + 3 * nRows];
    for (let i = 0; i < z.length; i++) z[i] += w0 * X[c0 + i] + w1 * X[c1 + i] + w2 * X[c2 + i] + w3 * X[c3 + i];
  }
  for (; f < nFeatures; f++) {
    const wf = w[wAt + f];
    const c = f * nRows + first;
    for (let i = 0; i < z.length; i++) z[i] += wf * X[c + i];
  }
}

/** grad[gAt + f] += Σ_i r_i·X[f][first + i], four columns per pass so the four sums run side by side. */
function addGradient(
  grad: Float64Array,
  gAt: number,
  r: Float64Array,
  X: Float64Array,
  nRows: number,
  first: number,
  nFeatures: number,
): void {
  let f = 0;
  for (; f + 3 < nFeatures; f += 4) {
    const c0 = f * nRows + first;
    const [c1, c2, c3] = [c0 + nRows, c0 + 2 * nRows, c0 + 3 * nRows];
    let [d0, d1, d2, d3] = [0, 0, 0, 0];
    for (let i = 0; i < r.length; i++) {
      const ri = r[i];
      d0 += ri * X[c0 + i];
      d1 += ri * X[c1 + i];
      d2 += ri * X[c2 + i];
      d3 += ri * X[c3 + i];
    }
    grad[gAt + f] += d0;
    grad[gAt + f + 1] += d1;
    grad[gAt + f + 2] += d2;
    grad[gAt + f + 3] += d3;
  }
  for (; f < nFeatures; f++) {
    const c = f * nRows + first;
    let d = 0;
    for (let i = 0; i < r.length; i++) d += r[i] * X[c + i];
    grad[gAt + f] += d;
  }
}

/** Σ w·(log(1 + e^z) − y·z) over rows [first, end), overwriting z with the residual w·(sigmoid(z) − y). */
function binaryResiduals(z: Float64Array, y: Int32Array, sampleWeight: Float64Array | undefined, first: number, end: number): number {
  let loss = 0;
  for (let row = first; row < end; row++) {
    const s = z[row];
    const w = sampleWeight === undefined ? 1 : sampleWeight[row];
    // Stable softplus and sigmoid for both signs of s.
    const e = Math.exp(-Math.abs(s));
    loss += w * ((s > 0 ? s : 0) + Math.log1p(e) - y[row] * s);
    z[row] = w * ((s >= 0 ? 1 / (1 + e) : e / (1 + e)) - y[row]);
  }
  return loss;
}

/** Σ w·(logsumexp(z) − z_y) over rows [first, end), overwriting z with w·(softmax(z) − onehot(y)). */
function softmaxResiduals(
  z: Float64Array,
  y: Int32Array,
  sampleWeight: Float64Array | undefined,
  nRows: number,
  nClasses: number,
  first: number,
  end: number,
): number {
  let loss = 0;
  for (let row = first; row < end; row++) {
    const w = sampleWeight === undefined ? 1 : sampleWeight[row];
    let max = -Infinity;
    for (let k = 0; k < nClasses; k++) max = Math.max(max, z[k * nRows + row]);
    let sum = 0;
    for (let k = 0; k < nClasses; k++) sum += Math.exp(z[k * nRows + row] - max);
    const logSum = max + Math.log(sum);
    loss += w * (logSum - z[y[row] * nRows + row]);
    for (let k = 0; k < nClasses; k++) z[k * nRows + row] = w * (Math.exp(z[k * nRows + row] - logSum) - (y[row] === k ? 1 : 0));
  }
  return loss;
}
