/**
 * Limited-memory BFGS (Nocedal & Wright, algorithms 7.4 and 7.5) with a strong-Wolfe line search
 * (algorithms 3.5 and 3.6). Stopping rules follow scipy's L-BFGS-B as scikit-learn calls it: the
 * largest gradient component <= tol, or a relative decrease of f <= ftol, or maxIter iterations.
 */
export interface LbfgsOptions {
  /** Stop when max |g_i| <= tol (scipy's gtol). */
  tol: number;
  maxIter: number;
  /** Correction pairs kept (scipy's maxcor). Default 10. */
  memory?: number;
  /** Function evaluations allowed per line search (scipy's maxls). Default 50. */
  maxLineSearch?: number;
  /** Stop when (f_prev − f) / max(|f_prev|, |f|, 1) <= ftol. Default 64·ε, as sklearn sets it. */
  ftol?: number;
}

export interface LbfgsResult {
  x: Float64Array;
  f: number;
  nIter: number;
  nEvals: number;
  /** True when a tolerance was met, false when maxIter or the line search ran out. */
  isConverged: boolean;
}

/** An objective: returns f(x) and writes ∇f(x) into gradOut. */
export type Objective = (x: Float64Array, gradOut: Float64Array) => number;

const C1 = 1e-4;
const C2 = 0.9;

export function minimizeLbfgs(objective: Objective, x0: Float64Array, options: LbfgsOptions): LbfgsResult {
  const n = x0.length;
  const m = options.memory ?? 10;
  const maxLineSearch = options.maxLineSearch ?? 50;
  const ftol = options.ftol ?? 64 * Number.EPSILON;
  const S = Array.from({ length: m }, () => new Float64Array(n));
  const Y = Array.from({ length: m }, () => new Float64Array(n));
  const rho = new Float64Array(m);
  const alpha = new Float64Array(m);
  let x = Float64Array.from(x0);
  let g = new Float64Array(n);
  let xTrial = new Float64Array(n);
  let gTrial = new Float64Array(n);
  const d = new Float64Array(n);
  let f = objective(x, g);
  let nEvals = 1;
  let nPairs = 0;
  let newest = -1;
  for (let iter = 0; iter < options.maxIter; iter++) {
    if (maxAbs(g) <= options.tol) return { x, f, nIter: iter, nEvals, isConverged: true };
    // Two-loop recursion: d = −H·g from the stored pairs, newest first.
    for (let i = 0; i < n; i++) d[i] = -g[i];
    for (let j = 0; j < nPairs; j++) {
      const k = (newest - j + m) % m;
      alpha[k] = rho[k] * dot(S[k], d);
      axpy(-alpha[k], Y[k], d);
    }
    if (nPairs > 0) scale(dot(S[newest], Y[newest]) / dot(Y[newest], Y[newest]), d);
    for (let j = nPairs - 1; j >= 0; j--) {
      const k = (newest - j + m) % m;
      axpy(alpha[k] - rho[k] * dot(Y[k], d), S[k], d);
    }
    let slope = dot(g, d);
    if (!(slope < 0)) {
      // Lost descent (curvature noise): restart from steepest descent.
      nPairs = 0;
      for (let i = 0; i < n; i++) d[i] = -g[i];
      slope = dot(g, d);
    }
    const initialStep = nPairs === 0 ? Math.min(1, 1 / Math.sqrt(dot(d, d))) : 1;
    const search = searchWolfe(objective, x, f, d, slope, initialStep, xTrial, gTrial, maxLineSearch);
    nEvals += search.nEvals;
    if (search.step === 0) return { x, f, nIter: iter, nEvals, isConverged: false };
    // Store the pair s = x_new − x, y = g_new − g, unless curvature is not positive.
    const next = (newest + 1) % m;
    for (let i = 0; i < n; i++) {
      S[next][i] = xTrial[i] - x[i];
      Y[next][i] = gTrial[i] - g[i];
    }
    const sy = dot(S[next], Y[next]);
    if (sy > Number.EPSILON * dot(Y[next], Y[next])) {
      rho[next] = 1 / sy;
      newest = next;
      nPairs = Math.min(nPairs + 1, m);
    }
    const fPrevious = f;
    [x, xTrial] = [xTrial, x];
    [g, gTrial] = [gTrial, g];
    f = search.f;
    if ((fPrevious - f) / Math.max(Math.abs(fPrevious), Math.abs(f), 1) <= ftol) {
      return { x, f, nIter: iter + 1, nEvals, isConverged: true };
    }
  }
  return { x, f, nIter: options.maxIter, nEvals, isConverged: maxAbs(g) <= options.tol };
}

interface LinePoint {
  step: number;
  f: number;
  slope: number;
}

/**
 * Finds a step meeting the strong Wolfe conditions along d: first doubles the step until a minimum is
 * bracketed, then shrinks the bracket by cubic interpolation. On return xOut/gOut hold the point at
 * `step`; step is 0 when no acceptable point was found.
 */
function searchWolfe(
  objective: Objective,
  x: Float64Array,
  f0: number,
  d: Float64Array,
  slope0: number,
  initialStep: number,
  xOut: Float64Array,
  gOut: Float64Array,
  maxEvals: number,
): { step: number; f: number; nEvals: number } {
  let nEvals = 0;
  const evaluate = (step: number): LinePoint => {
    for (let i = 0; i < x.length; i++) xOut[i] = x[i] + step * d[i];
    nEvals++;
    const f = objective(xOut, gOut);
    return { step, f, slope: dot(gOut, d) };
  };
  const isSufficientDecrease = (p: LinePoint) => p.f <= f0 + C1 * p.step * slope0;
  let lo: LinePoint = { step: 0, f: f0, slope: slope0 };
  let hi: LinePoint | null = null;
  let step = initialStep;
  while (nEvals < maxEvals) {
    const p = evaluate(step);
    if (!isSufficientDecrease(p) || (p.f >= lo.f && (hi !== null || nEvals > 1))) {
      hi = p;
    } else if (Math.abs(p.slope) <= -C2 * slope0) {
      return { step, f: p.f, nEvals };
    } else if (hi === null && p.slope < 0) {
      lo = p;
      step *= 2;
      continue;
    } else {
      if (hi === null || p.slope * (hi.step - lo.step) >= 0) hi = lo;
      lo = p;
    }
    if (Math.abs(hi.step - lo.step) <= Number.EPSILON * Math.max(lo.step, hi.step)) break;
    step = interpolate(lo, hi);
  }
  // Out of evaluations: keep the best point with sufficient decrease, if any.
  if (lo.step === 0) return { step: 0, f: f0, nEvals };
  const p = evaluate(lo.step);
  return { step: lo.step, f: p.f, nEvals };
}

/** Minimizer of the cubic through both bracket ends, kept inside the middle 80% of the bracket. */
function interpolate(a: { step: number; f: number; slope: number }, b: { step: number; f: number; slope: number }): number {
  const d1 = a.slope + b.slope - (3 * (a.f - b.f)) / (a.step - b.step);
  const radicand = d1 * d1 - a.slope * b.slope;
  let step = (a.step + b.step) / 2;
  if (radicand >= 0) {
    const d2 = Math.sign(b.step - a.step) * Math.sqrt(radicand);
    step = b.step - (b.step - a.step) * ((b.slope + d2 - d1) / (b.slope - a.slope + 2 * d2));
  }
  const low = Math.min(a.step, b.step);
  const width = Math.abs(b.step - a.step);
  if (!(step >= low + 0.1 * width && step <= low + 0.9 * width)) step = low + width / 2;
  return step;
}

function dot(a: Float64Array, b: Float64Array): number {
  let s = 0;
  for (let i = 0; i < a.length; i++) s += a[i] * b[i];
  return s;
}

function axpy(a: number, x: Float64Array, y: Float64Array): void {
  for (let i = 0; i < y.length; i++) y[i] += a * x[i];
}

function scale(a: number, x: Float64Array): void {
  for (let i = 0; i < x.length; i++) x[i] *= a;
}

function maxAbs(x: Float64Array): number {
  let max = 0;
  for (let i = 0; i < x.length; i++) max = Math.max(max, Math.abs(x[i]));
  return max;
}
