import { describe, expect, it } from '@jest/globals';
import { makeBlobs } from '../testing/synthetic-data.js';
import { predictForestProba, predictForestValue } from './predict-forest.js';
import { deserializeForest, serializeForest } from './serialize-forest.js';
import { trainForestSync } from './train-forest.js';

describe('serializeForest(forest) → deserializeForest(bytes)', () => {
  const d = makeBlobs(800, 4, 3, 41, { separation: 0.7, missingRate: 0.05 });
  const forest = trainForestSync(d.X, 800, 4, d.y, { nEstimators: 8, seed: 3 });

  it('should give back identical arrays and identical predictions', () => {
    const restored = deserializeForest(serializeForest(forest));
    expect(restored).toEqual(forest);
    expect(predictForestProba(restored, d.X, 800)).toEqual(predictForestProba(forest, d.X, 800));
  });

  it('should view the arrays in place when the bytes are aligned, and copy them when they are not', () => {
    const bytes = serializeForest(forest);
    expect(deserializeForest(bytes).threshold.buffer).toBe(bytes.buffer);
    const shifted = new Uint8Array(bytes.length + 3);
    shifted.set(bytes, 3);
    const restored = deserializeForest(shifted.subarray(3));
    expect(restored.threshold.buffer).not.toBe(shifted.buffer);
    expect(predictForestProba(restored, d.X, 800)).toEqual(predictForestProba(forest, d.X, 800));
  });

  it('should round-trip a regression forest', () => {
    const regressor = trainForestSync(d.X, 800, 4, Float64Array.from(d.y, (k) => k * 1.5), { nEstimators: 3 });
    const restored = deserializeForest(serializeForest(regressor));
    expect(predictForestValue(restored, d.X, 800)).toEqual(predictForestValue(regressor, d.X, 800));
  });

  it('should reject foreign bytes, a truncated file and a child link pointing backwards', () => {
    expect(() => deserializeForest(new TextEncoder().encode('not a model at all'))).toThrow(TypeError);
    const bytes = serializeForest(forest);
    expect(() => deserializeForest(bytes.subarray(0, bytes.length - 100))).toThrow(TypeError);
    const corrupt = deserializeForest(bytes.slice());
    const split = corrupt.feature.findIndex((f) => f >= 0);
    corrupt.left[split] = split;
    expect(() => deserializeForest(serializeForest(corrupt))).toThrow(TypeError);
  });
});
