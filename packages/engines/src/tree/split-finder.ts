import { MISSING_BIN, type Criterion, type SplitInfo, type StatsLayout } from './layout.js';

/** Bins 0..254 in order: the scan order of a node that touches every bin. */
const ALL_BINS = Uint8Array.from({ length: MISSING_BIN }, (_, b) => b);

/**
 * Finds the best threshold of one feature from its histogram (sklearn's splitting.pyx). One
 * left-to-right scan accumulates the left stats, the right side is node − left, and where the node has
 * missing values each threshold is tried with them on both sides. Gains are criterion proxies
 * (sklearn's proxy_impurity_improvement): they order the splits of one node exactly as the weighted
 * impurity decrease does, with fewer operations. The scan runs once per bin per feature per node, so
 * regression and classification each get a loop over plain local sums.
 */
export class SplitFinder {
  private readonly criterion: Criterion;
  private readonly nStats: number;
  private readonly countIdx: number;
  private readonly nClasses: number;
  private readonly minSamplesLeaf: number;
  private readonly cumulative: Float64Array;
  private readonly missing: Float64Array;
  private readonly binOrder = new Uint8Array(MISSING_BIN);

  constructor(criterion: Criterion, layout: StatsLayout, minSamplesLeaf: number) {
    this.criterion = criterion;
    this.nStats = layout.nStats;
    this.countIdx = layout.countIdx;
    this.nClasses = criterion === 'squared_error' ? 0 : layout.countIdx >= 0 ? layout.nStats - 1 : layout.nStats;
    this.minSamplesLeaf = minSamplesLeaf;
    this.cumulative = new Float64Array(layout.nStats);
    this.missing = new Float64Array(layout.nStats);
  }

  /**
   * Scans one feature's histogram and updates `best` when a better split is found.
   *
   * @param hist Float64Array holding the feature's (missingSlot + 1) slots from `at`.
   * @param missingSlot slot of the missing bin, i.e. nBins[featureIdx].
   * @param node Float64Array holding the node's stats at nodeAt.
   * @param touched bitmap of the bins present in the node (see buildFeatureHistogram), or null to scan
   *   every bin.
   * @param best IN/OUT: replaced when this feature has a larger gain, or an equal gain at a lower feature.
   * @returns whether the feature takes more than one value in the node (sklearn's non-constant test).
   */
  scanFeature(
    hist: Float64Array,
    at: number,
    featureIdx: number,
    missingSlot: number,
    node: Float64Array,
    nodeAt: number,
    touched: Int32Array | null,
    best: SplitInfo,
  ): boolean {
    const { nStats, missing } = this;
    for (let k = 0; k < nStats; k++) missing[k] = hist[at + missingSlot * nStats + k];
    const order = touched === null ? ALL_BINS : this.binOrder;
    const nOrder = touched === null ? missingSlot : this.decodeBitmap(touched);
    return this.criterion === 'squared_error'
      ? this.scanValues(hist, at, featureIdx, order, nOrder, node, nodeAt, best)
      : this.scanClasses(hist, at, featureIdx, order, nOrder, node, nodeAt, best);
  }

  /** Regression: left sums wL, sL (Σwy), qL (Σwy²), nL (rows) as locals; gain sL²/wL + sR²/wR. */
  private scanValues(
    hist: Float64Array,
    at: number,
    featureIdx: number,
    order: Uint8Array,
    nOrder: number,
    node: Float64Array,
    nodeAt: number,
    best: SplitInfo,
  ): boolean {
    const { nStats, countIdx, minSamplesLeaf, missing } = this;
    const isCounted = countIdx >= 0;
    const w = node[nodeAt];
    const s = node[nodeAt + 1];
    const n = isCounted ? node[nodeAt + countIdx] : 0;
    const [mw, ms, mq] = [missing[0], missing[1], missing[2]];
    const mn = isCounted ? missing[countIdx] : 0;
    const hasMissing = mw > 0;
    let wL = 0;
    let sL = 0;
    let qL = 0;
    let nL = 0;
    let isNonConstant = false;
    for (let j = 0; j < nOrder; j++) {
      const bin = order[j];
      const slot = at + bin * nStats;
      const binWeight = hist[slot];
      // An empty bin repeats the previous threshold, which wins ties anyway.
      if (binWeight === 0) continue;
      wL += binWeight;
      sL += hist[slot + 1];
      qL += hist[slot + 2];
      if (isCounted) nL += hist[slot + countIdx];
      for (let side = 0; side < (hasMissing ? 2 : 1); side++) {
        const lw = wL + side * mw;
        const rw = w - lw;
        if (!(rw > 0)) continue;
        isNonConstant = true;
        const ln = nL + side * mn;
        if (isCounted && (ln < minSamplesLeaf || n - ln < minSamplesLeaf)) continue;
        const ls = sL + side * ms;
        const rs = s - ls;
        const gain = (ls * ls) / lw + (rs * rs) / rw;
        if (gain > best.gain || (gain === best.gain && featureIdx < best.featureIdx)) {
          this.record(best, featureIdx, bin, hasMissing ? side === 1 : lw >= rw, gain);
          best.leftStats[0] = lw;
          best.leftStats[1] = ls;
          best.leftStats[2] = qL + side * mq;
          if (isCounted) best.leftStats[countIdx] = ln;
        }
      }
    }
    return isNonConstant;
  }

  /** Classification: per-class left weights in `cumulative`; gini Σc²/w or entropy Σ c·ln c − w·ln w per side. */
  private scanClasses(
    hist: Float64Array,
    at: number,
    featureIdx: number,
    order: Uint8Array,
    nOrder: number,
    node: Float64Array,
    nodeAt: number,
    best: SplitInfo,
  ): boolean {
    const { nStats, countIdx, nClasses, minSamplesLeaf, missing, cumulative } = this;
    const isCounted = countIdx >= 0;
    const isGini = this.criterion === 'gini';
    let w = 0;
    let mw = 0;
    for (let k = 0; k < nClasses; k++) {
      w += node[nodeAt + k];
      mw += missing[k];
    }
    const n = isCounted ? node[nodeAt + countIdx] : 0;
    const mn = isCounted ? missing[countIdx] : 0;
    const hasMissing = mw > 0;
    cumulative.fill(0);
    let wL = 0;
    let nL = 0;
    let isNonConstant = false;
    for (let j = 0; j < nOrder; j++) {
      const bin = order[j];
      const slot = at + bin * nStats;
      let binWeight = 0;
      for (let k = 0; k < nClasses; k++) {
        const c = hist[slot + k];
        cumulative[k] += c;
        binWeight += c;
      }
      if (binWeight === 0) continue;
      wL += binWeight;
      if (isCounted) nL += hist[slot + countIdx];
      for (let side = 0; side < (hasMissing ? 2 : 1); side++) {
        const lw = wL + side * mw;
        const rw = w - lw;
        if (!(rw > 0)) continue;
        isNonConstant = true;
        const ln = nL + side * mn;
        if (isCounted && (ln < minSamplesLeaf || n - ln < minSamplesLeaf)) continue;
        let left = 0;
        let right = 0;
        for (let k = 0; k < nClasses; k++) {
          const cL = cumulative[k] + side * missing[k];
          const cR = node[nodeAt + k] - cL;
          if (isGini) {
            left += cL * cL;
            right += cR * cR;
          } else {
            if (cL > 0) left += cL * Math.log(cL);
            if (cR > 0) right += cR * Math.log(cR);
          }
        }
        const gain = isGini ? left / lw + right / rw : left - lw * Math.log(lw) + right - rw * Math.log(rw);
        if (gain > best.gain || (gain === best.gain && featureIdx < best.featureIdx)) {
          this.record(best, featureIdx, bin, hasMissing ? side === 1 : lw >= rw, gain);
          for (let k = 0; k < nClasses; k++) best.leftStats[k] = cumulative[k] + side * missing[k];
          if (isCounted) best.leftStats[countIdx] = ln;
        }
      }
    }
    return isNonConstant;
  }

  /** Without missing values in the node, NaN at predict time follows the heavier child, as in sklearn. */
  private record(best: SplitInfo, featureIdx: number, bin: number, isMissingLeft: boolean, gain: number): void {
    best.featureIdx = featureIdx;
    best.binIdx = bin;
    best.isMissingLeft = isMissingLeft;
    best.gain = gain;
  }

  /** Writes the non-missing bins set in `touched` to binOrder, ascending; returns how many. */
  private decodeBitmap(touched: Int32Array): number {
    let n = 0;
    for (let word = 0; word < touched.length; word++) {
      let bits = touched[word];
      while (bits !== 0) {
        const low = bits & -bits;
        const bin = (word << 5) | (31 - Math.clz32(low));
        if (bin !== MISSING_BIN) this.binOrder[n++] = bin;
        bits ^= low;
      }
    }
    return n;
  }
}
