/**
 * A small seeded generator (xoshiro128**, seeded through splitmix32) so that every random choice the
 * engines make is reproducible from one integer seed; engines never touch Math.random.
 */
export interface SeededRng {
  /** Uniform integer in [0, 2^32). */
  nextUint32(): number;
  /** Uniform float in [0, 1) with 32 bits of randomness. */
  nextFloat(): number;
  /** Uniform integer in [0, n); n must be a positive integer below 2^32. */
  nextBelow(n: number): number;
}

const TWO_POW_32 = 4294967296;

function splitmix32(state: number): () => number {
  let s = state >>> 0;
  return () => {
    s = (s + 0x9e3779b9) >>> 0;
    let z = s;
    z = Math.imul(z ^ (z >>> 16), 0x85ebca6b);
    z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35);
    return (z ^ (z >>> 16)) >>> 0;
  };
}

/** Creates a generator whose whole stream is fixed by `seed` (any 32-bit unsigned integer). */
export function createRng(seed: number): SeededRng {
  const init = splitmix32(seed);
  let a = init();
  let b = init();
  let c = init();
  let d = init();
  // xoshiro must not start from the all-zero state; splitmix32 makes that astronomically rare, but be exact.
  if ((a | b | c | d) === 0) a = 1;
  const nextUint32 = (): number => {
    const result = Math.imul(rotl(Math.imul(b, 5), 7), 9) >>> 0;
    const t = b << 9;
    c ^= a;
    d ^= b;
    b ^= c;
    a ^= d;
    c ^= t;
    d = rotl(d, 11);
    return result;
  };
  return {
    nextUint32,
    nextFloat: () => nextUint32() / TWO_POW_32,
    // Multiply-shift keeps the bias below n / 2^32, far under anything a forest of 2^20 rows could notice.
    nextBelow: (n) => Math.floor((nextUint32() / TWO_POW_32) * n),
  };
}

function rotl(x: number, k: number): number {
  return (x << k) | (x >>> (32 - k));
}

/**
 * Mixes a parent seed and a stream index into an independent child seed, so that tree i of a forest
 * gets the same generator whichever worker grows it and however many workers there are.
 */
export function deriveSeed(seed: number, stream: number): number {
  const mix = splitmix32((seed ^ Math.imul(stream + 1, 0x27d4eb2d)) >>> 0);
  mix();
  return mix();
}
