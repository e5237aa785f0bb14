import { describe, expect, it } from '@jest/globals';
import { chiSquareSurvival, chiSquareTest, kolmogorovSurvival, ksPValue, ksStatistic, populationStabilityIndex } from './drift-statistics.js';

// Expected values from scipy 1.17 (scipy.stats.kstwobign, chi2, ks_2samp, chisquare).
describe('drift statistics', () => {
  it('computes PSI as Σ (a − e) ln(a / e), and 0 for equal shares', () => {
    expect(populationStabilityIndex([0.2, 0.3, 0.5], [0.1, 0.3, 0.6])).toBeCloseTo(0.08754687373538998, 12);
    expect(populationStabilityIndex([0.25, 0.75], [0.25, 0.75])).toBe(0);
  });

  it('floors empty bins so PSI stays finite', () => {
    expect(Number.isFinite(populationStabilityIndex([0.5, 0.5, 0], [0, 0.5, 0.5]))).toBe(true);
  });

  it('matches ks_2samp on the statistic', () => {
    const a = [1, 2, 3, 4, 5, 6, 7, 8, 9, 10];
    const b = [3.5, 4.5, 5.5, 6.5, 7.5, 8.5, 9.5, 10.5, 11.5, 12.5, 13.5, 14.5];
    expect(ksStatistic(a, b)).toBeCloseTo(0.41666666666666663, 12);
    expect(ksStatistic(a, a)).toBe(0);
  });

  it('handles ties across the samples', () => {
    expect(ksStatistic([1, 1, 2, 2], [1, 2, 2, 2])).toBeCloseTo(0.25, 12);
  });

  it('matches the Kolmogorov survival function (kstwobign.sf) on both series', () => {
    expect(kolmogorovSurvival(0.3)).toBeCloseTo(0.9999906941986655, 9);
    expect(kolmogorovSurvival(0.5)).toBeCloseTo(0.9639452436648751, 9);
    expect(kolmogorovSurvival(0.8)).toBeCloseTo(0.5441424115741981, 9);
    expect(kolmogorovSurvival(1.0)).toBeCloseTo(0.26999967167735456, 9);
    expect(kolmogorovSurvival(1.36)).toBeCloseTo(0.049485876755377876, 9);
    expect(kolmogorovSurvival(2.0)).toBeCloseTo(0.0006709252557796953, 12);
  });

  it('scales the two-sample statistic by √(n·m/(n+m))', () => {
    expect(ksPValue(0.1, 400, 400)).toBeCloseTo(kolmogorovSurvival(Math.sqrt(200) * 0.1), 12);
  });

  it('matches chi2.sf', () => {
    expect(chiSquareSurvival(3.84, 1)).toBeCloseTo(0.05004352124870519, 10);
    expect(chiSquareSurvival(10, 5)).toBeCloseTo(0.07523524614651217, 10);
    expect(chiSquareSurvival(25.5, 12)).toBeCloseTo(0.0126233703123143, 10);
    expect(chiSquareSurvival(0.5, 3)).toBeCloseTo(0.9188914116546758, 10);
  });

  it('matches scipy.stats.chisquare', () => {
    const result = chiSquareTest([10, 20, 30], [1 / 3, 1 / 3, 1 / 3]);
    expect(result.statistic).toBeCloseTo(10, 10);
    expect(result.degreesOfFreedom).toBe(2);
    expect(result.pValue).toBeCloseTo(0.006737946999085468, 10);
  });
});
