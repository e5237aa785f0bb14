// ml-logistic-regression ships no types; this declares the part of its API we use (see its src/).
declare module 'ml-logistic-regression' {
  import type { Matrix } from 'ml-matrix';

  interface LogisticRegressionTwoClasses {
    /** sigmoid(x · w) per row: the probability of "not this class" (the library encodes its class as 0). */
    testScores(features: Matrix): number[];
  }

  export interface LogisticRegressionOptions {
    numSteps?: number;
    learningRate?: number;
  }

  export default class LogisticRegression {
    constructor(options?: LogisticRegressionOptions);
    numberClasses: number;
    classifiers: LogisticRegressionTwoClasses[];
    /** Y is a column vector of class indices 0..k-1; every class must occur. */
    train(X: Matrix, Y: Matrix): void;
    predict(X: Matrix): number[];
    toJSON(): Record<string, unknown>;
    static load(model: Record<string, unknown>): LogisticRegression;
  }
}
