import { createRng, deriveSeed } from '../random/seeded-rng.js';
import type { FlatTree } from '../tree/flat-tree.js';
import { growTree } from '../tree/grower.js';
import type { BinnedMatrix, TreeTarget } from '../tree/layout.js';
import { drawBootstrapWeights } from './bootstrap.js';
import type { ResolvedForestOptions } from './forest-options.js';
import { ForestScratch } from './forest-scratch.js';

/**
 * Grows tree `treeIdx` of a forest. Its generator seeds from (forest seed, treeIdx) alone, so the tree
 * is the same whether it is grown in this thread or in any worker. Pass the same `scratch` to every
 * tree a thread grows, so the per-row buffers are allocated once (the tree does not depend on it).
 */
export function growForestTree(
  data: BinnedMatrix,
  target: TreeTarget,
  options: ResolvedForestOptions,
  treeIdx: number,
  scratch: ForestScratch = new ForestScratch(data.nRows),
): FlatTree {
  const rng = createRng(deriveSeed(options.seed, treeIdx));
  const weights = options.bootstrap ? drawBootstrapWeights(data.nRows, rng, scratch.weights) : scratch.weights.fill(1);
  const { sampleWeight } = options;
  if (sampleWeight !== null) for (let row = 0; row < weights.length; row++) weights[row] *= sampleWeight[row];
  return growTree(data, target, weights, options.grower, rng, scratch);
}
