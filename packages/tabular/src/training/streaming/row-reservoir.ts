import type { UniformRng } from '../training-rng.js';

/**
 * A uniform sample of at most `capacity` rows of a stream whose length is unknown until it ends
 * (Vitter's algorithm R, seeded): every row offered has the same chance, capacity / offered, of being
 * kept. The streaming training path keeps one of the usable rows of a large file, to fit bin edges,
 * medians and the drift reference on, in memory bounded by the capacity and not by the file.
 *
 * Rows are stored row-major as Float64 (NaN for missing) with their position among the offered rows;
 * while fewer than `capacity` rows have been offered, the sample is all of them, in order.
 */
export class RowReservoir {
  /** Float64Array (capacity * width,), row-major: slot s holds values[s * width + j]. */
  readonly values: Float64Array;
  /** Uint32Array (capacity,): the position, among the offered rows, of the row in each slot. */
  readonly positions: Uint32Array;
  private offered = 0;

  constructor(
    readonly capacity: number,
    readonly width: number,
    private readonly rng: UniformRng,
  ) {
    if (!Number.isInteger(capacity) || capacity < 1) throw new RangeError(`capacity must be a positive integer, got ${capacity}`);
    this.values = new Float64Array(capacity * width);
    this.positions = new Uint32Array(capacity);
  }

  /** Rows held: min(offered, capacity). */
  get size(): number {
    return Math.min(this.offered, this.capacity);
  }

  /**
   * Offers the next row: returns the slot to write its `width` values into (reservoirSlotOffset), or
   * -1 when the row is not kept. A kept row replaces a uniformly chosen earlier one once the sample is full.
   */
  offer(): number {
    const position = this.offered++;
    let slot = position;
    if (position >= this.capacity) {
      slot = Math.floor(this.rng() * (position + 1));
      if (slot >= this.capacity) return -1;
    }
    this.positions[slot] = position;
    return slot;
  }

  /** Slots ordered by the position of their row, so a sample reads as the file does. */
  slotsInOrder(): Uint32Array {
    const slots = Uint32Array.from({ length: this.size }, (_, slot) => slot);
    return slots.sort((a, b) => this.positions[a] - this.positions[b]);
  }
}
