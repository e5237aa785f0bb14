import type { SeededRng } from '../random/seeded-rng.js';

/**
 * Draws a node's candidate features one at a time, uniformly without replacement (a partial
 * Fisher–Yates shuffle over a permutation kept between nodes), so the grower can keep drawing past
 * maxFeatures while every feature drawn so far is constant in the node, as sklearn's splitter does.
 */
export class FeatureSampler {
  private readonly order: Int32Array;
  private readonly rng: SeededRng;
  private nDrawn = 0;

  constructor(nFeatures: number, rng: SeededRng) {
    this.order = Int32Array.from({ length: nFeatures }, (_, f) => f);
    this.rng = rng;
  }

  /** Starts the draws of a new node. */
  reset(): void {
    this.nDrawn = 0;
  }

  /** Next feature of this node's draw, or -1 once every feature has been drawn. */
  next(): number {
    const { order } = this;
    const i = this.nDrawn;
    if (i === order.length) return -1;
    const j = i + this.rng.nextBelow(order.length - i);
    const f = order[j];
    order[j] = order[i];
    order[i] = f;
    this.nDrawn = i + 1;
    return f;
  }
}
