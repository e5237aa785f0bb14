import { describe, expect, it } from '@jest/globals';
import { createRng } from '../random/seeded-rng.js';
import { HistogramPool, buildFeatureHistogram, buildNodeHistograms, clearFeatureHistogram, subtractHistograms } from './histogram.js';
import { BIN_BITMAP_WORDS, MISSING_BIN, statsLayoutFor, type BinEdges, type StatsLayout, type TreeTarget } from './layout.js';

const nRows = 500;
const nFeatures = 3;
const nBinsPerFeature = [4, 60, 255];

function makeEdges(): BinEdges {
  const nBins = Uint16Array.from(nBinsPerFeature);
  const binOffsets = new Uint32Array(nFeatures + 1);
  for (let f = 0; f < nFeatures; f++) binOffsets[f + 1] = binOffsets[f] + nBins[f] + 1;
  return { nFeatures, nBins, binOffsets, binUpper: new Float64Array(binOffsets[nFeatures]) };
}

function makeData(seed: number) {
  const rng = createRng(seed);
  const binned = new Uint8Array(nRows * nFeatures);
  for (let f = 0; f < nFeatures; f++) {
    for (let row = 0; row < nRows; row++) {
      binned[f * nRows + row] = rng.nextFloat() < 0.1 ? MISSING_BIN : rng.nextBelow(nBinsPerFeature[f]);
    }
  }
  const classes = Int32Array.from({ length: nRows }, () => rng.nextBelow(3));
  const values = Float64Array.from({ length: nRows }, () => rng.nextFloat() * 10 - 5);
  const weights = Float64Array.from({ length: nRows }, () => 1 + rng.nextBelow(3));
  // A node's rows: a random ascending subset.
  const rows = Uint32Array.from(Array.from({ length: nRows }, (_, i) => i).filter(() => rng.nextFloat() < 0.6));
  return { binned, classes, values, weights, rows };
}

/** Naive twin: stats of one slot summed straight from the rows that fall in it. */
function naiveSlot(
  d: ReturnType<typeof makeData>,
  target: TreeTarget,
  layout: StatsLayout,
  f: number,
  slotBin: number,
  rows: ArrayLike<number>,
): number[] {
  const out = new Array<number>(layout.nStats).fill(0);
  for (let i = 0; i < rows.length; i++) {
    const row = rows[i];
    if (d.binned[f * nRows + row] !== slotBin) continue;
    const w = d.weights[row];
    if (target.kind === 'classification') out[target.classes[row]] += w;
    else {
      out[0] += w;
      out[1] += w * target.values[row];
      out[2] += w * target.values[row] ** 2;
    }
    if (layout.countIdx >= 0) out[layout.countIdx] += 1;
  }
  return out;
}

const cases: [string, (d: ReturnType<typeof makeData>) => TreeTarget, number][] = [
  ['classification', (d) => ({ kind: 'classification', classes: d.classes, nClasses: 3 }), 1],
  ['classification with row counts', (d) => ({ kind: 'classification', classes: d.classes, nClasses: 3 }), 5],
  ['regression with row counts', (d) => ({ kind: 'regression', values: d.values }), 2],
];

describe.each(cases)('histograms for %s', (_, makeTarget, minSamplesLeaf) => {
  const d = makeData(11);
  const target = makeTarget(d);
  const layout = statsLayoutFor(target, minSamplesLeaf);
  const edges = makeEdges();
  const { nStats } = layout;

  it('buildFeatureHistogram should match the naive twin slot by slot, with or without a bitmap', () => {
    for (let f = 0; f < nFeatures; f++) {
      for (const touched of [null, new Int32Array(BIN_BITMAP_WORDS)]) {
        const nSlots = nBinsPerFeature[f] + 1;
        const hist = new Float64Array(nSlots * nStats);
        buildFeatureHistogram(hist, 0, d.binned, f * nRows, nBinsPerFeature[f], d.rows, 0, d.rows.length, target, d.weights, layout, touched);
        for (let slot = 0; slot < nSlots; slot++) {
          const bin = slot === nBinsPerFeature[f] ? MISSING_BIN : slot;
          const expected = naiveSlot(d, target, layout, f, bin, d.rows);
          for (let k = 0; k < nStats; k++) expect(hist[slot * nStats + k]).toBeCloseTo(expected[k], 9);
          if (touched !== null) {
            const isSet = (touched[bin >>> 5] >>> (bin & 31)) & 1;
            expect(isSet === 1).toBe(Array.from(d.rows).some((row) => d.binned[f * nRows + row] === bin));
          }
        }
        clearFeatureHistogram(hist, 0, nBinsPerFeature[f], nStats, touched);
        expect(hist.every((v) => v === 0)).toBe(true);
        if (touched !== null) expect(touched.every((v) => v === 0)).toBe(true);
      }
    }
  });

  it('should give every feature the same totals, equal to the node totals', () => {
    const hist = new Float64Array(edges.binOffsets[nFeatures] * nStats);
    buildNodeHistograms(hist, d.binned, nRows, edges, d.rows, 0, d.rows.length, target, d.weights, layout);
    const node = new Array<number>(nStats).fill(0);
    for (let bin = 0; bin <= MISSING_BIN; bin++) {
      const slot = naiveSlot(d, target, layout, 0, bin, d.rows);
      for (let k = 0; k < nStats; k++) node[k] += slot[k];
    }
    for (let f = 0; f < nFeatures; f++) {
      const totals = new Array<number>(nStats).fill(0);
      for (let s = edges.binOffsets[f]; s < edges.binOffsets[f + 1]; s++) {
        for (let k = 0; k < nStats; k++) totals[k] += hist[s * nStats + k];
      }
      for (let k = 0; k < nStats; k++) expect(totals[k]).toBeCloseTo(node[k], 8);
    }
  });

  it('parent − sibling (subtractHistograms) should equal the child built from its rows', () => {
    const length = edges.binOffsets[nFeatures] * nStats;
    const parent = new Float64Array(length);
    const left = new Float64Array(length);
    const right = new Float64Array(length);
    const mid = Math.floor(d.rows.length / 3);
    buildNodeHistograms(parent, d.binned, nRows, edges, d.rows, 0, d.rows.length, target, d.weights, layout);
    buildNodeHistograms(left, d.binned, nRows, edges, d.rows, 0, mid, target, d.weights, layout);
    buildNodeHistograms(right, d.binned, nRows, edges, d.rows, mid, d.rows.length, target, d.weights, layout);
    subtractHistograms(parent, left, length);
    for (let i = 0; i < length; i++) expect(parent[i]).toBeCloseTo(right[i], 9);
    expect(right.some((v) => v !== 0)).toBe(true);
  });
});

describe('HistogramPool', () => {
  it('should hand back a released buffer, zeroed, instead of allocating a new one', () => {
    const pool = new HistogramPool(16);
    const first = pool.acquire();
    first.fill(3);
    pool.release(first);
    const second = pool.acquire();
    expect(second).toBe(first);
    expect(second.every((v) => v === 0)).toBe(true);
    expect(pool.acquire()).not.toBe(first);
  });
});
