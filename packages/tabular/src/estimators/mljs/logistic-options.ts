import type { LogisticRegressionParams } from '@tabula/contracts';

/** The ml-logistic-regression options we set. */
export interface LogisticLibraryOptions {
  numSteps: number;
  learningRate: number;
}

export interface LogisticMapping {
  options: LogisticLibraryOptions;
  /** scikit-learn params the library cannot honour, and what was done instead. */
  unsupported: Record<string, string>;
}

/**
 * Gradient steps per scikit-learn iteration. lbfgs converges in far fewer iterations than plain
 * gradient ascent, so max_iter=100 becomes 1,000 steps: about 3 s per class at 10k rows × 20 features,
 * where the library's default 50,000 steps took minutes.
 */
export const STEPS_PER_ITER = 10;
const MAX_STEPS = 20_000;

/**
 * Maps scikit-learn LogisticRegression params to ml-logistic-regression options.
 *
 * The library runs `numSteps` of gradient ascent on the summed (not averaged) log-likelihood with
 * a fixed learning rate, so the rate must shrink with 1/nRows. On standardized features the summed
 * log-likelihood's curvature is at most nRows × lambdaMax / 4, where lambdaMax is the largest
 * eigenvalue of ZᵀZ / nRows; a step of 1 / that curvature always ascends.
 *
 * @param lambdaMax largest eigenvalue of ZᵀZ / nRows for the standardized training matrix Z (with its intercept column).
 */
export function mapLogisticOptions(params: LogisticRegressionParams, nRows: number, lambdaMax: number): LogisticMapping {
  if (!(lambdaMax > 0) || nRows < 1) throw new RangeError(`mapLogisticOptions: lambdaMax ${lambdaMax}, nRows ${nRows}`);
  const unsupported: Record<string, string> = {
    tol: 'ml-logistic-regression has no stopping test; it runs all numSteps',
  };
  if (params.penalty !== null) {
    unsupported.C = 'ml-logistic-regression has no regularization; the fit is unpenalized (as penalty=null)';
  }
  return {
    options: {
      numSteps: Math.min(MAX_STEPS, params.max_iter * STEPS_PER_ITER),
      learningRate: 4 / (lambdaMax * nRows),
    },
    unsupported,
  };
}
