/**
 * One grown tree as a struct of arrays (sklearn predictor.py's node record): node i is a leaf when
 * feature[i] is -1; otherwise a row goes to left[i] when x[feature[i]] <= threshold[i], or when x is NaN
 * and missingLeft[i] is 1, and to right[i] otherwise. Node 0 is the root.
 */
export interface FlatTree {
  nNodes: number;
  /** Values per node: nClasses (class probabilities) or 1 (regression mean). */
  nOutputs: number;
  /** Int32Array (nNodes,): split feature, -1 for a leaf. */
  feature: Int32Array;
  /** Float64Array (nNodes,): split threshold in raw units (upper edge of the last left bin). */
  threshold: Float64Array;
  /** Uint8Array (nNodes,): 1 when missing values go left. */
  missingLeft: Uint8Array;
  /** Uint32Array (nNodes,): child node ids, 0 for leaves; siblings are adjacent (right = left + 1). */
  left: Uint32Array;
  right: Uint32Array;
  /** Float64Array (nNodes * nOutputs,), row-major: the node's prediction. */
  value: Float64Array;
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
    next.feature.set(old.feature);
    next.threshold.set(old.threshold);
    next.missingLeft.set(old.missingLeft);
    next.left.set(old.left);
    next.right.set(old.right);
    next.value.set(old.value);
    this.tree = next;
  }
}

function allocate(capacity: number, nOutputs: number): FlatTree {
  return {
    nNodes: capacity,
    nOutputs,
    feature: new Int32Array(capacity),
    threshold: new Float64Array(capacity),
    missingLeft: new Uint8Array(capacity),
    left: new Uint32Array(capacity),
    right: new Uint32Array(capacity),
    value: new Float64Array(capacity * nOutputs),
  };
}
