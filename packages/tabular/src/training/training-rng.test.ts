import { describe, expect, it } from '@jest/globals';
import { TRAINING_RNG_STREAMS, createTrainingRng, createUniformRng, drawSeed, shuffleInPlace } from './training-rng.js';

describe('createUniformRng(seed)', () => {
  it('should repeat its sequence for the same seed', () => {
    const a = createUniformRng(42);
    const b = createUniformRng(42);
    const c = createUniformRng(43);
    const first = Array.from({ length: 5 }, a);
    expect(Array.from({ length: 5 }, b)).toEqual(first);
    expect(Array.from({ length: 5 }, c)).not.toEqual(first);
  });

  it('should draw uniformly from [0, 1)', () => {
    const rng = createUniformRng(7);
    const draws = Array.from({ length: 10_000 }, rng);
    expect(Math.min(...draws)).toBeGreaterThanOrEqual(0);
    expect(Math.max(...draws)).toBeLessThan(1);
    const mean = draws.reduce((sum, x) => sum + x, 0) / draws.length;
    expect(mean).toBeGreaterThan(0.48);
    expect(mean).toBeLessThan(0.52);
  });

  it('should accept the whole random_state range', () => {
    expect(createUniformRng(2 ** 32 - 1)()).toBeLessThan(1);
  });
});

describe('shuffleInPlace(items, rng)', () => {
  it('should permute the items', () => {
    const items = Array.from({ length: 50 }, (_, i) => i);
    shuffleInPlace(items, createUniformRng(1));
    expect(items).not.toEqual([...items].sort((a, b) => a - b));
    expect([...items].sort((a, b) => a - b)).toEqual(Array.from({ length: 50 }, (_, i) => i));
  });
});

describe('drawSeed()', () => {
  it('should return a valid random_state', () => {
    const seed = drawSeed();
    expect(Number.isInteger(seed)).toBe(true);
    expect(seed).toBeGreaterThanOrEqual(0);
    expect(seed).toBeLessThan(2 ** 32);
  });
});

describe('createTrainingRng(seed, stream, index)', () => {
  it('should repeat for the same seed, stream and index, and differ across any of them', () => {
    const draw = (seed: number, stream: number, index = 0) => Array.from({ length: 4 }, createTrainingRng(seed, stream, index));
    expect(draw(1, TRAINING_RNG_STREAMS.classBalance)).toEqual(draw(1, TRAINING_RNG_STREAMS.classBalance));
    const variants = [draw(1, TRAINING_RNG_STREAMS.classBalance), draw(2, TRAINING_RNG_STREAMS.classBalance), draw(1, TRAINING_RNG_STREAMS.crossValidation), draw(1, TRAINING_RNG_STREAMS.classBalance, 1)];
    expect(new Set(variants.map((draws) => draws.join())).size).toBe(4);
    expect(draw(1, TRAINING_RNG_STREAMS.classBalance)).not.toEqual(Array.from({ length: 4 }, createUniformRng(1)));
  });
});

describe('the numbers a stored random_state reproduces', () => {
  it('should stay the mulberry32 draws of before, for the generator and for a training stream', () => {
    // Taken from the generator as it was first committed: a change here changes every stored split.
    expect(Array.from({ length: 3 }, createUniformRng(42))).toEqual([0.6011037519201636, 0.44829055899754167, 0.8524657934904099]);
    expect(Array.from({ length: 3 }, createTrainingRng(42, TRAINING_RNG_STREAMS.crossValidation, 1))).toEqual([
      0.46504073427058756, 0.5511117107234895, 0.31768107088282704,
    ]);
  });
});
