import { NODE_ARRAY_NAMES, allocateNodeArrays, type NodeArrays } from './layout.js';

/** One grown tree: its NodeArrays (see tree/layout.ts) over nNodes nodes. Node 0 is the root. */
export interface FlatTree extends NodeArrays {
  nNodes: number;
  /** Values per node: nClasses (class probabilities) or 1 (regression mean). */
  nOutputs: number;
}

/** Grows a FlatTree node by node with amortized doubling, so a tree costs O(log nodes) allocations. */
export class FlatTreeBuilder {
  private tree: FlatTree;

  constructor(nOutputs: number, capacity = 64) {
    this.tree = allocate(capacity, nOutputs);
    this.tree.nNodes = 0;
  }

  get nNodes(): number {
    return this.tree.nNodes;
  }

  /** Appends a leaf and returns its id; its value row is zeroed for the caller to fill via `value`. */
  addLeaf(): number {
    const id = this.tree.nNodes;
    if (id === this.tree.feature.length) this.grow();
    this.tree.feature[id] = -1;
    this.tree.nNodes = id + 1;
    return id;
  }

  /** The value array of the tree being built (it moves when the tree grows). */
  get value(): Float64Array {
    return this.tree.value;
  }

  /** Turns leaf `node` into a split. */
  setSplit(node: number, feature: number, threshold: number, isMissingLeft: boolean, left: number, right: number): void {
    const t = this.tree;
    t.feature[node] = feature;
    t.threshold[node] = threshold;
    t.missingLeft[node] = isMissingLeft ? 1 : 0;
    t.left[node] = left;
    t.right[node] = right;
  }

  /** Returns the tree trimmed to its node count; the builder must not be used afterwards. */
  finish(): FlatTree {
    const t = this.tree;
    const n = t.nNodes;
    return {
      nNodes: n,
      nOutputs: t.nOutputs,
      feature: t.feature.slice(0, n),
      threshold: t.threshold.slice(0, n),
      missingLeft: t.missingLeft.slice(0, n),
      left: t.left.slice(0, n),
      right: t.right.slice(0, n),
      value: t.value.slice(0, n * t.nOutputs),
    };
  }

  private grow(): void {
    const old = this.tree;
    const next = allocate(old.feature.length * 2, old.nOutputs);
    next.nNodes = old.nNodes;
    for (const name of NODE_ARRAY_NAMES) next[name].set(old[name]);
    this.tree = next;
  }
}

function allocate(capacity: number, nOutputs: number): FlatTree {
  return { nNodes: capacity, nOutputs, ...allocateNodeArrays(capacity, nOutputs) };
}
