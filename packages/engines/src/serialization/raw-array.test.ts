import { describe, expect, it } from '@jest/globals';
import { forestFromArraySet, forestToArraySet } from '../forest/serialize-forest.js';
import { trainForestSync } from '../forest/train-forest.js';
import { logisticFromArraySet, logisticToArraySet } from '../logistic/serialize-logistic.js';
import { trainLogistic } from '../logistic/train-logistic.js';
import { makeBlobs } from '../testing/synthetic-data.js';
import { dtypeOf, rawBytesOf, viewRawArray, type ArraySet, type TypedArray } from './raw-array.js';

/** Each array of a set through its raw bytes, as format 2 writes and reads them: copied into files of their own. */
function throughFiles(set: ArraySet): Map<string, TypedArray> {
  const viewed = new Map<string, TypedArray>();
  for (const [name, { data, shape }] of Object.entries(set.arrays)) {
    const file = new Uint8Array(rawBytesOf(data));
    viewed.set(name, viewRawArray(file, dtypeOf(data), shape.reduce((n, size) => n * size, 1)));
  }
  return viewed;
}

describe('rawBytesOf(array) → viewRawArray(bytes, dtype, length)', () => {
  it('should view the bytes in place when aligned and copy them when not', () => {
    const values = Float64Array.of(1.5, -0, Number.NaN, Infinity);
    const bytes = new Uint8Array(rawBytesOf(values));
    const view = viewRawArray(bytes, 'float64', 4);
    expect(view.buffer).toBe(bytes.buffer);
    expect(view).toEqual(values);
    const shifted = new Uint8Array(bytes.length + 3);
    shifted.set(bytes, 3);
    const copy = viewRawArray(shifted.subarray(3), 'float64', 4);
    expect(copy.buffer).not.toBe(shifted.buffer);
    expect(copy).toEqual(values);
  });

  it('should write little-endian bytes', () => {
    expect(Array.from(rawBytesOf(Uint32Array.of(0x01020304)))).toEqual([4, 3, 2, 1]);
  });

  it('should refuse a byte count that is not length × element size, and an unknown dtype', () => {
    expect(() => viewRawArray(new Uint8Array(12), 'float64', 2)).toThrow('expected 2 float64 values (16 bytes), got 12 bytes');
    expect(() => viewRawArray(new Uint8Array(8), 'float64', 2)).toThrow(TypeError);
    expect(() => viewRawArray(new Uint8Array(8), 'float32' as 'float64', 2)).toThrow("unknown dtype 'float32'");
  });
});

describe('forestToArraySet(forest) → forestFromArraySet(header, arrays)', () => {
  const d = makeBlobs(600, 4, 3, 5, { separation: 0.7, missingRate: 0.05 });
  const forest = trainForestSync(d.X, 600, 4, d.y, { nEstimators: 4, seed: 1 });

  it('should give back the same forest through one raw file per array', () => {
    const set = forestToArraySet(forest);
    expect(set.arrays.value.shape).toEqual([forest.nNodes, 3]);
    expect(forestFromArraySet({ header: set.header, arrays: throughFiles(set) })).toEqual(forest);
  });

  it('should refuse an array of the wrong length or dtype, and a crafted number', () => {
    const set = forestToArraySet(forest);
    const arrays = throughFiles(set);
    expect(() => forestFromArraySet({ header: set.header, arrays: new Map([...arrays, ['left', new Int32Array(forest.nNodes)]]) })).toThrow("array 'left' is missing or is not uint32");
    expect(() => forestFromArraySet({ header: { ...set.header, nNodes: forest.nNodes + 1 }, arrays })).toThrow(TypeError);
    const threshold = Float64Array.from(forest.threshold);
    threshold[forest.feature.findIndex((f) => f >= 0)] = Number.NaN;
    expect(() => forestFromArraySet({ header: set.header, arrays: new Map([...arrays, ['threshold', threshold]]) })).toThrow(/threshold NaN/);
  });
});

describe('logisticToArraySet(model) → logisticFromArraySet(header, arrays)', () => {
  it('should give back the same model through one raw file per array', () => {
    const d = makeBlobs(300, 3, 3, 8, { separation: 1 });
    const model = trainLogistic(d.X, 300, 3, d.y, { nClasses: 3 });
    const set = logisticToArraySet(model);
    expect(set.arrays.coef.shape).toEqual([3, 3]);
    expect(logisticFromArraySet({ header: set.header, arrays: throughFiles(set) })).toEqual(model);
  });
});
