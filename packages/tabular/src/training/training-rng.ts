import { randomInt } from 'node:crypto';
import { deriveSeed } from '@tabula/engines';

/**
 * The random draws tabular makes around the engines: the train/test split, the folds, class
 * balancing, permutation importance, and the synthetic rows of tests and the bench.
 *
 * Why not @tabula/engines' createRng: that one is xoshiro128** (seeded through splitmix32) and hands
 * out a SeededRng object for the learners; this one is mulberry32, a bare draw function. Every split,
 * fold and resample a stored random_state reproduces, and the committed numbers of the tests and
 * bench, come from mulberry32's sequence, so moving to xoshiro would change them all. What the two
 * share is how a seed is split into independent children: deriveSeed, from the engines.
 */

/** A uniform draw in [0, 1). */
export type UniformRng = () => number;

/**
 * mulberry32: a 32-bit seeded generator, small and fast enough for shuffles and splits. The same
 * seed always gives the same sequence, which is what makes `random_state` reproducible.
 */
export function createUniformRng(seed: number): UniformRng {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/**
 * The generator streams one random_state feeds besides the split (which uses the seed itself, as it
 * always has): each training step draws from its own stream, so turning one on never shifts another's draws.
 */
export const TRAINING_RNG_STREAMS = { classBalance: 1, crossValidation: 2, permutationImportance: 3 } as const;

/** A generator for one training step's stream of a seed (see TRAINING_RNG_STREAMS); `index` tells apart, say, the folds of one stream. */
export function createTrainingRng(seed: number, stream: number, index = 0): UniformRng {
  return createUniformRng(deriveSeed(deriveSeed(seed, stream), index));
}

/**
 * A fresh seed for when `random_state` is null. It is returned with the training result, so even an
 * unseeded run can be repeated from its stored metadata.
 */
export function drawSeed(): number {
  return randomInt(0, 2 ** 32);
}

/** Shuffles `items` in place (Fisher–Yates) and returns it. */
export function shuffleInPlace<T extends { length: number; [idx: number]: number }>(items: T, rng: UniformRng): T {
  for (let i = items.length - 1; i > 0; i--) {
    const j = Math.floor(rng() * (i + 1));
    const tmp = items[i];
    items[i] = items[j];
    items[j] = tmp;
  }
  return items;
}
