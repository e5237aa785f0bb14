/**
 * The drift statistics of Evidently and whylogs, on plain arrays: PSI over fixed bins, the
 * two-sample Kolmogorov–Smirnov statistic with its asymptotic p-value, and Pearson's chi-square
 * goodness of fit. Checked against scipy.stats in drift-statistics.test.ts.
 */

// An empty bin on either side would make PSI infinite; Evidently clips shares to this floor too.
const PSI_FLOOR = 1e-4;

/** Population stability index: Σ (actual − expected) · ln(actual / expected) over bins of shares. */
export function populationStabilityIndex(expected: ArrayLike<number>, actual: ArrayLike<number>): number {
  if (expected.length !== actual.length) throw new RangeError('PSI needs the same bins on both sides');
  let psi = 0;
  for (let i = 0; i < expected.length; i++) {
    const e = Math.max(expected[i], PSI_FLOOR);
    const a = Math.max(actual[i], PSI_FLOOR);
    psi += (a - e) * Math.log(a / e);
  }
  return psi;
}

/** sup |F_a(x) − F_b(x)| of the two empirical CDFs; both inputs sorted ascending and non-empty. */
export function ksStatistic(sortedA: ArrayLike<number>, sortedB: ArrayLike<number>): number {
  const n = sortedA.length;
  const m = sortedB.length;
  if (n === 0 || m === 0) throw new RangeError('KS needs values on both sides');
  let i = 0;
  let j = 0;
  let d = 0;
  while (i < n && j < m) {
    const x = Math.min(sortedA[i], sortedB[j]);
    while (i < n && sortedA[i] <= x) i++;
    while (j < m && sortedB[j] <= x) j++;
    d = Math.max(d, Math.abs(i / n - j / m));
  }
  return d;
}

/**
 * The two-sided p-value of a two-sample KS statistic from the Kolmogorov distribution, evaluated at
 * √(n·m/(n+m))·d (scipy's kstwobign). Exact tests are not needed at monitoring sample sizes.
 */
export function ksPValue(d: number, n: number, m: number): number {
  return kolmogorovSurvival(Math.sqrt((n * m) / (n + m)) * d);
}

/** P(K > x) for the Kolmogorov distribution, by whichever of its two series converges fast at x. */
export function kolmogorovSurvival(x: number): number {
  if (x <= 0) return 1;
  if (x < 1) {
    // cdf = √(2π)/x · Σ exp(−(2k−1)²π²/(8x²)), which converges fast for small x.
    let sum = 0;
    for (let k = 1; k <= 20; k++) sum += Math.exp(-((2 * k - 1) ** 2) * Math.PI ** 2 / (8 * x * x));
    return clamp01(1 - (Math.sqrt(2 * Math.PI) / x) * sum);
  }
  let sum = 0;
  for (let k = 1; k <= 100; k++) {
    const term = Math.exp(-2 * k * k * x * x);
    sum += k % 2 === 1 ? term : -term;
    if (term < 1e-16) break;
  }
  return clamp01(2 * sum);
}

export interface ChiSquareResult {
  statistic: number;
  degreesOfFreedom: number;
  pValue: number;
}

/**
 * Pearson's chi-square of observed counts against expected shares (scipy.stats.chisquare with
 * f_exp = shares × total). Expected shares are floored as for PSI so an unseen category counts
 * strongly instead of dividing by zero.
 */
export function chiSquareTest(observed: ArrayLike<number>, expectedShares: ArrayLike<number>): ChiSquareResult {
  if (observed.length !== expectedShares.length) throw new RangeError('chi-square needs the same categories on both sides');
  let total = 0;
  for (let i = 0; i < observed.length; i++) total += observed[i];
  let shareSum = 0;
  for (let i = 0; i < expectedShares.length; i++) shareSum += Math.max(expectedShares[i], PSI_FLOOR);
  let statistic = 0;
  for (let i = 0; i < observed.length; i++) {
    const expected = (total * Math.max(expectedShares[i], PSI_FLOOR)) / shareSum;
    statistic += (observed[i] - expected) ** 2 / expected;
  }
  const degreesOfFreedom = Math.max(1, observed.length - 1);
  return { statistic, degreesOfFreedom, pValue: chiSquareSurvival(statistic, degreesOfFreedom) };
}

/** P(X > x) for chi-square with k degrees of freedom: the regularized upper incomplete gamma Q(k/2, x/2). */
export function chiSquareSurvival(x: number, k: number): number {
  return x <= 0 ? 1 : clamp01(upperRegularizedGamma(k / 2, x / 2));
}

// Numerical Recipes' gammq: the series for x < a + 1, the continued fraction (Lentz) above.
function upperRegularizedGamma(a: number, x: number): number {
  const logPrefix = -x + a * Math.log(x) - logGamma(a);
  if (x < a + 1) {
    let term = 1 / a;
    let sum = term;
    for (let n = 1; n < 500; n++) {
      term *= x / (a + n);
      sum += term;
      if (Math.abs(term) < Math.abs(sum) * 1e-15) break;
    }
    return 1 - sum * Math.exp(logPrefix);
  }
  const tiny = 1e-300;
  let b = x + 1 - a;
  let c = 1 / tiny;
  let d = 1 / b;
  let h = d;
  for (let i = 1; i < 500; i++) {
    const an = -i * (i - a);
    b += 2;
    d = an * d + b;
    if (Math.abs(d) < tiny) d = tiny;
    c = b + an / c;
    if (Math.abs(c) < tiny) c = tiny;
    d = 1 / d;
    const delta = d * c;
    h *= delta;
    if (Math.abs(delta - 1) < 1e-15) break;
  }
  return Math.exp(logPrefix) * h;
}

// Lanczos approximation (g = 7, n = 9), accurate to about 15 digits for a > 0.
const LANCZOS = [
  0.99999999999980993, 676.5203681218851, -1259.1392167224028, 771.32342877765313, -176.61502916214059, 12.507343278686905,
  -0.13857109526572012, 9.9843695780195716e-6, 1.5056327351493116e-7,
];
function logGamma(a: number): number {
  if (a < 0.5) return Math.log(Math.PI / Math.sin(Math.PI * a)) - logGamma(1 - a);
  const z = a - 1;
  let x = LANCZOS[0];
  for (let i = 1; i < 9; i++) x += LANCZOS[i] / (z + i);
  const t = z + 7.5;
  return 0.5 * Math.log(2 * Math.PI) + (z + 0.5) * Math.log(t) - t + Math.log(x);
}

const clamp01 = (p: number): number => Math.min(1, Math.max(0, p));
