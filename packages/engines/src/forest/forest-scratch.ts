/**
 * Per-tree working buffers reused from tree to tree of one forest: on millions of rows each tree would
 * otherwise allocate a bootstrap weight (8 bytes a row) and two row-index arrays (4 bytes a row each),
 * about 130 MB a tree at 8M rows, and leave them to the collector 100 times over. Not shared between
 * threads: one ForestScratch per thread that grows trees.
 */
export class ForestScratch {
  /** Float64Array (nRows,): the tree's per-row weights (bootstrap counts × sample weights). */
  readonly weights: Float64Array;
  /** Uint32Array (nRows,): the tree's used rows in its first nUsed slots, partitioned in place. */
  readonly rows: Uint32Array;
  /** Uint32Array (nRows,): the partition's scratch buffer. */
  readonly scratchRows: Uint32Array;

  constructor(readonly nRows: number) {
    this.weights = new Float64Array(nRows);
    this.rows = new Uint32Array(nRows);
    this.scratchRows = new Uint32Array(nRows);
  }
}
