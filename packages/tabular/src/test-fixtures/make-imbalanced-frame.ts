import type { RawValue } from '../csv/cell-value.js';
import type { Frame } from '../frame.js';
import { createUniformRng } from '../training/training-rng.js';

/**
 * A small imbalanced binary data set (about 10 % positives), made the way a CSV arrives: numbers as
 * text, a categorical column, a few missing cells. The label depends on x1, x2 and the group; x3 is
 * noise.
 */
export function makeImbalancedFrame(nRows: number, seed: number): Frame {
  const rng = createUniformRng(seed);
  const normal = () => Math.sqrt(-2 * Math.log(1 - rng())) * Math.cos(2 * Math.PI * rng());
  const columns = ['x1', 'x2', 'x3', 'group', 'label'];
  const values: RawValue[][] = columns.map(() => []);
  for (let row = 0; row < nRows; row++) {
    const x1 = normal();
    const x2 = normal();
    const group = ['a', 'b', 'c'][Math.floor(rng() * 3)];
    const score = 2 * x1 - x2 + (group === 'c' ? 0.8 : 0) + 0.5 * normal();
    values[0].push(row % 37 === 5 ? null : x1.toFixed(3));
    values[1].push(x2.toFixed(3));
    values[2].push(normal().toFixed(3));
    values[3].push(row % 41 === 7 ? null : group);
    values[4].push(score > 2.9 ? '1' : '0');
  }
  return { columns, nRows, values };
}
